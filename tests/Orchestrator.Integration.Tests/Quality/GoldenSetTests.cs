using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Quality.Golden;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Infrastructure.Workflows;

namespace Orchestrator.Integration.Tests.Quality;

public class GoldenSetTests
{
    private static readonly Actor Dana = Actor.User("dana", "Dana Orchestrator");
    private const string Scripted = "scripted";
    private const string Wf = QualityTestHost.WorkflowKey;
    private const string Step = QualityTestHost.StepKey;

    /// <summary>An agent (kind Http, ahead of the real adapter) that answers the type its input names, or fails when told to.</summary>
    private sealed class ScriptedAgent : AgentAdapter
    {
        public override AgentKind Kind => AgentKind.Http;

        public override Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct) =>
            (string?)request.Input["answer"] is { } type
                ? Task.FromResult(new AgentAnswer(new JsonObject { ["type"] = type }, 0.9, 10, 0.001m))
                : throw new AgentAnswerException("no answer");
    }

    private static async Task<QualityTestHost> StartAsync(QualityPolicy? quality = null)
    {
        var host = await QualityTestHost.StartAsync(quality, s =>
        {
            s.Insert(0, ServiceDescriptor.Singleton<AgentAdapter, ScriptedAgent>());
            s.AddWorkflowStudio();
        });
        await using var db = await host.DbAsync();
        db.AgentProfiles.Add(AgentProfile.Create(Scripted, "Scripted", AgentKind.Http, "script", "3.1", 0m, 0m, 4, host.Now, endpoint: "http://unused"));
        await db.SaveChangesAsync();
        return host;
    }

    private static async Task<int> ExamplesAsync(QualityTestHost host)
    {
        await using var db = await host.DbAsync();
        return await db.GoldenExamples.CountAsync();
    }

    /// <summary>Adds examples whose input tells the scripted agent what to answer: the first <paramref name="right"/> of them match.</summary>
    private static async Task AddExamplesAsync(QualityTestHost host, int right, int wrong)
    {
        for (var i = 0; i < right + wrong; i++)
        {
            var added = await host.Get<GoldenSets>().AddAsync(Dana, Wf, Step,
                new JsonObject { ["answer"] = i < right ? "collision" : "theft" }, new JsonObject { ["type"] = "collision" });
            Assert.True(added.Succeeded, added.Message);
        }
    }

    private static async Task<GoldenRun> RunAsync(QualityTestHost host, string agent = Scripted)
    {
        var started = await host.Get<StartGoldenRun>().HandleAsync(Dana, Wf, Step, agent);
        Assert.True(started.Succeeded, started.Message);
        var job = host.Get<RecordingJobs>().Enqueued.Last();
        Assert.Equal((typeof(GoldenRunJob), started.Value!.Id), (job.Type, (long)job.Args[0]));
        return (await host.Get<ExecuteGoldenRun>().HandleAsync(started.Value.Id))!;
    }

    [Fact]
    public async Task CsvImport_ReportsRowAndColumn_AndImportsNothingWhenAnyRowIsBad()
    {
        await using var host = await StartAsync();
        var sets = host.Get<GoldenSets>();

        var bad = await sets.ImportCsvAsync(Dana, Wf, Step, "input.answer,expected.type\ncollision,collision\ntheft,fire\n,theft\n");

        Assert.Equal(WorkOutcome.Invalid, bad.Outcome);
        var error = Assert.Single(bad.Errors!);
        Assert.Equal("row 3, expected.type", error.Field);
        Assert.Contains("collision, theft", error.Message);
        Assert.Contains("Nothing was imported", bad.Message);
        Assert.Equal(0, await ExamplesAsync(host));

        var good = await sets.ImportCsvAsync(Dana, Wf, Step, "input.answer,expected.type\ncollision,collision\ntheft,theft\n,theft\n");

        Assert.True(good.Succeeded, good.Message);
        Assert.Equal(3, good.Value);
        Assert.Equal(3, await ExamplesAsync(host));
        await using var db = await host.DbAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "golden.imported" && e.After!.Contains("\"examples\":3")));
    }

    [Fact]
    public async Task GoldenRun_RecordsAccuracyOverallAndPerField_WithPerExampleResults_AndChangesNoWork()
    {
        await using var host = await StartAsync();
        await AddExamplesAsync(host, right: 3, wrong: 1);
        Assert.True((await host.Get<GoldenSets>().AddAsync(Dana, Wf, Step, new JsonObject(), new JsonObject { ["type"] = "theft" })).Succeeded); // the agent fails on it

        var run = await RunAsync(host);

        Assert.Equal((GoldenRunStatus.Finished, 3, 5, "3.1", "Dana Orchestrator"), (run.Status, run.Correct, run.Examples, run.AgentVersion, run.StartedBy));
        Assert.Equal(0.2307, run.Low, 4); // Wilson 95% for 3/5: 0.2307–0.8824
        Assert.Equal(0.8824, run.High, 4);
        var type = Assert.Single(run.Fields);
        Assert.Equal(("type", 3, 5), (type.Field, type.Accuracy.Successes, type.Accuracy.Trials));
        Assert.Equal(5, run.Results.Count);
        Assert.Equal(3, run.Results.Count(r => r.Correct));
        Assert.Contains(run.Results, r => r.Failure is not null && r.Output is null && r.WrongFields.SequenceEqual(["type"]));
        Assert.True(run.Passes(0.6));
        Assert.False(run.Passes(0.61));
        await using var db = await host.DbAsync();
        Assert.Empty(await db.Tasks.ToListAsync());
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "golden.run-finished"));
    }

    [Fact]
    public async Task RequiredGoldenPass_BlocksAnUnqualifiedProfile_InStaffingAndRouting_UntilItPasses()
    {
        await using var host = await StartAsync(new QualityPolicy { GoldenSetThreshold = 0.8 });
        var staffing = host.Get<ChangeStaffing>();
        var policy = host.Version.FirstStep.Staffing with { AllowedAgents = [Scripted] };

        var refused = await staffing.HandleAsync(Dana, Wf, Step, policy);

        Assert.Equal(WorkOutcome.Invalid, refused.Outcome);
        Assert.Contains("has no golden-set run", Assert.Single(refused.Errors!).Message);
        // The published policy allows agent-a and agent-b, neither qualified: the router sends the work to people.
        var first = await host.Get<OpenCase>().HandleAsync(new OpenCaseRequest(Wf, null, 0, new JsonObject()), Dana);
        await using (var db = await host.DbAsync())
            Assert.Equal(TaskRoute.Human, (await db.Tasks.SingleAsync(t => t.CaseId == first.Value!.Case.Id)).Route);

        await AddExamplesAsync(host, right: 3, wrong: 1);
        Assert.Equal(0.75, (await RunAsync(host)).Accuracy.Value);
        var below = await staffing.HandleAsync(Dana, Wf, Step, policy);
        Assert.Contains("scored 75", Assert.Single(below.Errors!).Message);

        await AddExamplesAsync(host, right: 4, wrong: 0);
        Assert.Equal(7 / 8.0, (await RunAsync(host)).Accuracy.Value);
        var allowed = await staffing.HandleAsync(Dana, Wf, Step, policy);

        Assert.True(allowed.Succeeded, allowed.Message);
        var second = await host.Get<OpenCase>().HandleAsync(new OpenCaseRequest(Wf, null, 0, new JsonObject()), Dana);
        await using (var db = await host.DbAsync())
        {
            var task = await db.Tasks.SingleAsync(t => t.CaseId == second.Value!.Case.Id);
            Assert.Equal((TaskRoute.Agent, Scripted), (task.Route, task.AgentProfileKey));
        }
    }

    [Fact]
    public async Task RequiredGoldenPass_RefusesToPublishAVersionThatAllowsAnUnqualifiedProfile()
    {
        await using var host = await StartAsync();
        var step = host.Version.FirstStep with
        {
            Staffing = host.Version.FirstStep.Staffing with { AllowedAgents = [Scripted] },
            Quality = host.Version.FirstStep.Quality with { GoldenSetThreshold = 0.5 },
        };
        await using (var db = await host.DbAsync())
        {
            var workflow = await db.Workflows.SingleAsync();
            db.WorkflowVersions.Add(WorkflowVersion.Draft(workflow, 2, [step, host.Version.Step("settle")], 10m, "test", host.Now));
            await db.SaveChangesAsync();
        }
        var publish = host.Get<Orchestrator.Infrastructure.Workflows.PublishVersion>();

        var refused = await publish.HandleAsync(Dana, Wf, 2);

        Assert.Equal(WorkOutcome.Invalid, refused.Outcome);
        var error = Assert.Single(refused.Errors!);
        Assert.Equal(("steps[0].staffing.allowedAgents", true), (error.Field, error.Message.Contains("has no golden-set run")));

        await AddExamplesAsync(host, right: 1, wrong: 1);
        await RunAsync(host);
        var published = await publish.HandleAsync(Dana, Wf, 2);
        Assert.True(published.Succeeded, published.Message);
    }

    [Fact]
    public async Task FromReview_TakesTheCorrectedOutput_OnceOnly_AndRefusesAFailWithoutCorrection()
    {
        await using var host = await StartAsync(new QualityPolicy { SampleRate = 1, MinimumSamples = 0 });
        await host.AddAgentOutputsAsync("agent-a", 2);
        await host.Get<SampleCompletedTasks>().HandleAsync();
        var reviews = (await host.ReviewsAsync()).OrderBy(r => r.Id).ToList();
        Assert.True((await host.ReviewAsync(reviews[0].ReviewTaskId, QualityTestHost.Verdict(false, """{"type":"theft"}"""))).Succeeded);
        Assert.True((await host.ReviewAsync(reviews[1].ReviewTaskId, QualityTestHost.Verdict(false))).Succeeded);
        var sets = host.Get<GoldenSets>();

        var taken = await sets.FromReviewAsync(Dana, reviews[0].Id);
        var again = await sets.FromReviewAsync(Dana, reviews[0].Id);
        var unknown = await sets.FromReviewAsync(Dana, reviews[1].Id);

        Assert.True(taken.Succeeded, taken.Message);
        Assert.Equal((GoldenSource.Review, "theft", reviews[0].ReviewedTaskId), (taken.Value!.Source, (string?)taken.Value.Expected["type"], taken.Value.ReviewedTaskId));
        Assert.Equal("golden.duplicate", again.Code);
        Assert.Equal("golden.no-reference", unknown.Code);
        Assert.Equal(1, await ExamplesAsync(host));
    }

    [Fact]
    public async Task EnteredExample_MustBeAnOutputTheStepAccepts()
    {
        await using var host = await StartAsync();

        var bad = await host.Get<GoldenSets>().AddAsync(Dana, Wf, Step, new JsonObject(), new JsonObject { ["type"] = "fire" });

        Assert.Equal("expected.type", Assert.Single(bad.Errors!).Field);
        Assert.Equal(0, await ExamplesAsync(host));
    }
}
