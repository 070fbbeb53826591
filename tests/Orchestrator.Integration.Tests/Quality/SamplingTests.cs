using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Quality;

public class SamplingTests
{
    [Fact]
    public async Task Sampler_TakesEachStratumsRate_AndNoTaskTwice_UnderConcurrentRuns()
    {
        await using var host = await QualityTestHost.StartAsync(new QualityPolicy { SampleRate = 0.1, MinimumSamples = 5 });
        var a = await host.AddAgentOutputsAsync("agent-a", 200);
        var b = await host.AddAgentOutputsAsync("agent-b", 30);
        var sampler = host.Get<SampleCompletedTasks>();

        var queued = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => sampler.HandleAsync())));

        var reviews = await host.ReviewsAsync();
        Assert.Equal(reviews.Count, queued.Sum());
        Assert.Equal(reviews.Count, reviews.Select(r => r.ReviewedTaskId).Distinct().Count());
        Assert.Equal(20, reviews.Count(r => r.AgentProfileKey == "agent-a"));
        Assert.Equal(5, reviews.Count(r => r.AgentProfileKey == "agent-b")); // 10% of 30 is 3; the minimum is 5
        Assert.All(reviews, r => Assert.Contains(r.ReviewedTaskId, r.AgentProfileKey == "agent-a" ? a : b));
        var tasks = await host.ReviewTasksAsync();
        Assert.Equal(reviews.Select(r => r.ReviewTaskId).Order(), tasks.Select(t => t.Id).Order());
        Assert.All(tasks, t => Assert.True(t.InHumanQueue && t.RequiredSkills == "review" && t.ReviewOfTaskId is not null));
    }

    [Fact]
    public async Task Sampler_KeepsRealizedRateOnTarget_AsOutputsArrive()
    {
        await using var host = await QualityTestHost.StartAsync(new QualityPolicy { SampleRate = 0.25, MinimumSamples = 0 });
        for (var batch = 0; batch < 10; batch++)
        {
            await host.AddAgentOutputsAsync("agent-a", 7 + batch);
            await host.Get<SampleCompletedTasks>().HandleAsync();
        }

        var sampled = (await host.ReviewsAsync()).Count;
        Assert.InRange(sampled / 115.0, 0.25, 0.25 + 1.0 / 115);
    }

    [Fact]
    public async Task Sampler_LeavesStepsWithoutSampledOversight()
    {
        await using var host = await QualityTestHost.StartAsync();
        await host.AddAgentOutputsAsync("agent-a", 20);
        var staffing = host.Version.FirstStep.Staffing with { Oversight = Oversight.None };
        Assert.True((await host.Get<ChangeStaffing>().HandleAsync(Infrastructure.Audit.Actor.System, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, staffing)).Succeeded);

        Assert.Equal(0, await host.Get<SampleCompletedTasks>().HandleAsync());
    }

    [Fact]
    public async Task SampledReview_RecordsTheVerdict_AndNeverMovesTheCase()
    {
        await using var host = await QualityTestHost.StartAsync(new QualityPolicy { SampleRate = 1, MinimumSamples = 0 });
        var reviewed = (await host.AddAgentOutputsAsync("agent-a", 1, confidence: 0.72)).Single();
        await host.Get<SampleCompletedTasks>().HandleAsync();
        var review = (await host.ReviewTasksAsync()).Single();

        var result = await host.ReviewAsync(review.Id, QualityTestHost.Verdict(false, "{\"type\":\"theft\"}"));

        Assert.True(result.Succeeded, result.Message);
        var row = (await host.ReviewsAsync()).Single();
        Assert.Equal((false, "Rita Reviewer", 0.72), (row.Passed, row.ReviewerName, row.Confidence));
        Assert.Contains("theft", row.CorrectedOutputJson);
        Assert.Equal(TimeSpan.FromMinutes(3), row.ReviewedAt - row.SampledAt);
        await using var db = await host.DbAsync();
        var @case = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == review.CaseId);
        Assert.Equal(("settle", CaseStatus.Open), (@case.CurrentStepKey, @case.Status));
        Assert.True(@case.ReviewCost > 0);
        Assert.Equal(2, await db.Tasks.CountAsync(t => t.CaseId == @case.Id)); // no new step task from the review
        Assert.Equal(reviewed, row.ReviewedTaskId);
    }

    [Fact]
    public async Task Review_IsRefusedAtTheField_WhenItPassesAFailedCriterion()
    {
        await using var host = await QualityTestHost.StartAsync(new QualityPolicy { SampleRate = 1, MinimumSamples = 0 });
        await host.AddAgentOutputsAsync("agent-a", 1);
        await host.Get<SampleCompletedTasks>().HandleAsync();
        var review = (await host.ReviewTasksAsync()).Single();
        var verdict = QualityTestHost.Verdict(true);
        verdict[ReviewVerdict.CriterionKey(0)] = false;

        var result = await host.ReviewAsync(review.Id, verdict);

        Assert.Equal(WorkOutcome.Invalid, result.Outcome);
        Assert.Equal(ReviewVerdict.Pass, Assert.Single(result.Errors!).Field);
        Assert.Null((await host.ReviewsAsync()).Single().Passed);
    }
}
