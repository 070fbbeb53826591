using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Quality.Shadow;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Quality;

public class ShadowEvaluationTests
{
    private static readonly Actor Dana = Actor.User("dana", "Dana Orchestrator");
    private const string Challenger = "challenger";

    /// <summary>A simulated challenger that answers instantly and always from the case's ground truth.</summary>
    private static async Task<QualityTestHost> StartAsync(QualityPolicy? quality = null)
    {
        var host = await QualityTestHost.StartAsync(quality);
        await using var db = await host.DbAsync();
        db.AgentProfiles.Add(AgentProfile.Create(Challenger, "Challenger", AgentKind.Simulated, "sim", "2.0", 0.002m, 0m, 4, host.Now,
            settingsJson: """{"accuracy":1,"minLatencyMs":0,"maxLatencyMs":0}"""));
        await db.SaveChangesAsync();
        return host;
    }

    private static async Task<string> SnapshotAsync(QualityTestHost host)
    {
        await using var db = await host.DbAsync();
        var tasks = await db.Tasks.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
        var cases = await db.Cases.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        var routing = await db.RoutingStates.AsNoTracking().ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            tasks = tasks.Select(t => new { t.Id, t.Status, t.Route, t.AgentProfileKey, t.OutputJson, t.CompletedBy, t.Cost, t.Tokens, t.Version, t.Attempt, t.Confidence }),
            cases = cases.Select(c => new { c.Id, c.Status, c.CurrentStepKey, c.Version, c.TotalCost }),
            routing = routing.Select(r => new { r.WorkflowKey, r.StepKey, r.Version, r.TargetShare }),
            staffing = await db.StaffingOverrides.AsNoTracking().Select(o => o.StaffingJson).ToListAsync(),
        });
    }

    [Fact]
    public async Task ShadowRuns_AnswerTheShare_WithoutChangingAnyCaseTaskOrRouting_AndRunOncePerTask()
    {
        await using var host = await StartAsync();
        Assert.True((await host.Get<ShadowTrials>().SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, Challenger, 100)).Succeeded);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var tasks = await host.AddAgentOutputsAsync("agent-a", 8, truth: "theft");
        var before = await SnapshotAsync(host);
        int auditBefore;
        await using (var db = await host.DbAsync()) auditBefore = await db.AuditEvents.CountAsync();

        var stored = await host.Get<RunShadowEvaluations>().HandleAsync();

        Assert.Equal(8, stored);
        Assert.Equal(before, await SnapshotAsync(host));
        await using (var db = await host.DbAsync())
        {
            Assert.Equal(auditBefore, await db.AuditEvents.CountAsync());
            var runs = await db.ShadowRuns.AsNoTracking().ToListAsync();
            Assert.Equal(tasks.Order(), runs.Select(r => r.TaskId).Order());
            Assert.All(runs, r => Assert.Equal(("2.0", "agent-a", "{\"type\":\"theft\"}", (string?)null), (r.ChallengerVersion, r.Champion, r.OutputJson, r.Failure)));
            Assert.All(runs, r => Assert.True(r.Cost > 0));
        }
        Assert.Equal(0, await host.Get<RunShadowEvaluations>().HandleAsync());
    }

    [Fact]
    public async Task ShadowShare_TakesAboutThatShare_AndTasksCompletedBeforeTheTrialAreLeftAlone()
    {
        await using var host = await StartAsync();
        await host.AddAgentOutputsAsync("agent-a", 20);
        Assert.True((await host.Get<ShadowTrials>().SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, Challenger, 25)).Succeeded);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await host.AddAgentOutputsAsync("agent-a", 200);

        await host.Get<RunShadowEvaluations>().HandleAsync();

        await using var db = await host.DbAsync();
        var shadowed = await db.ShadowRuns.Select(r => r.TaskId).ToListAsync();
        Assert.All(shadowed, id => Assert.Contains(id, after));
        Assert.Equal(after.Count(id => ShadowShare.Includes(id, 25)), shadowed.Count);
        Assert.InRange(shadowed.Count, 25, 80);
    }

    [Fact]
    public async Task Agreement_IsMeasuredAgainstTheChampion_AndTheReviewersVerdicts()
    {
        await using var host = await StartAsync(new QualityPolicy { SampleRate = 1, MinimumSamples = 0 });
        Assert.True((await host.Get<ShadowTrials>().SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, Challenger, 100)).Succeeded);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        // The champion always answers "collision"; six cases are collisions, four thefts.
        await host.AddAgentOutputsAsync("agent-a", 6, truth: "collision");
        var thefts = await host.AddAgentOutputsAsync("agent-a", 4, truth: "theft");
        await host.Get<RunShadowEvaluations>().HandleAsync();
        // Reviewers pass the collisions and correct the thefts.
        await host.Get<SampleCompletedTasks>().HandleAsync();
        var reviews = await host.ReviewsAsync();
        foreach (var review in reviews)
        {
            var theft = thefts.Contains(review.ReviewedTaskId);
            Assert.True((await host.ReviewAsync(review.ReviewTaskId, QualityTestHost.Verdict(!theft, theft ? """{"type":"theft"}""" : null))).Succeeded);
        }

        var standing = Assert.Single(await host.Get<ShadowQueries>().AgreementAsync());

        Assert.Equal((QualityTestHost.StepKey, Challenger, "2.0", true), (standing.StepKey, standing.Challenger, standing.Version, standing.IsCurrentVersion));
        var a = standing.Agreement;
        Assert.Equal((10, 0), (a.Runs, a.Failed));
        Assert.Equal(Proportion.Of(6, 10), a.WithChampion);
        Assert.Equal(Proportion.Of(10, 10), a.WithReviewers);
        Assert.Equal(Proportion.Of(6, 10), a.ChampionWithReviewers);
        Assert.Equal(0.7225, a.WithReviewers.Low, 4); // Wilson 95% for 10/10
        Assert.True(standing.EvaluationCost > 0);
    }

    [Fact]
    public async Task Promotion_MakesTheChallengerTheServingAgent_EndsTheTrial_AndIsAuditedWithTheEvidence()
    {
        await using var host = await StartAsync();
        var trials = host.Get<ShadowTrials>();
        Assert.True((await trials.SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, Challenger, 100)).Succeeded);
        var early = await trials.PromoteAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey);
        Assert.Equal("shadow.no-evidence", early.Code);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.AddAgentOutputsAsync("agent-a", 5, truth: "collision");
        await host.Get<RunShadowEvaluations>().HandleAsync();

        var promoted = await trials.PromoteAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey);

        Assert.True(promoted.Succeeded, promoted.Message);
        await using (var db = await host.DbAsync())
        {
            var live = (await StepPolicies.EffectiveAsync(db, QualityTestHost.WorkflowKey, host.Version.FirstStep)).Staffing;
            Assert.Equal([Challenger], live.AllowedAgents);
            Assert.Empty(await db.ShadowTrials.ToListAsync());
            var audit = await db.AuditEvents.SingleAsync(e => e.Action == "quality.challenger-promoted");
            Assert.Equal(("Dana Orchestrator", "step", $"{QualityTestHost.WorkflowKey}/{QualityTestHost.StepKey}"), (audit.Actor, audit.SubjectType, audit.SubjectId));
            Assert.Contains("\"withChampion\":{\"successes\":5,\"trials\":5", audit.After);
            Assert.Contains("agent-a", audit.Before);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "staffing.changed"));
        }
        // New work goes to the promoted challenger.
        var opened = await host.Get<OpenCase>().HandleAsync(new OpenCaseRequest(QualityTestHost.WorkflowKey, null, 0, new JsonObject()), Dana);
        Assert.True(opened.Succeeded, opened.Message);
        await using (var db = await host.DbAsync())
        {
            var task = await db.Tasks.SingleAsync(t => t.CaseId == opened.Value!.Case.Id);
            Assert.Equal((TaskRoute.Agent, Challenger), (task.Route, task.AgentProfileKey));
        }
    }

    [Fact]
    public async Task Challenger_MustBeAnotherActiveProfile_AndTheShareInRange()
    {
        await using var host = await StartAsync();
        var trials = host.Get<ShadowTrials>();

        var serving = await trials.SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, "agent-a", 10);
        var share = await trials.SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, Challenger, 0);
        var unknown = await trials.SetAsync(Dana, QualityTestHost.WorkflowKey, QualityTestHost.StepKey, "nobody", 10);

        Assert.Contains("already serves", Assert.Single(serving.Errors!).Message);
        Assert.Equal("sharePercent", Assert.Single(share.Errors!).Field);
        Assert.Equal("challenger", Assert.Single(unknown.Errors!).Field);
    }
}
