using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Quality;

public class BreachActionTests
{
    private static readonly Actor Dana = Actor.User("dana", "Dana Orchestrator");

    private static async Task<QualityTestHost> BreachedAsync(BreachAction action)
    {
        var host = await QualityTestHost.StartAsync(new QualityPolicy { SampleRate = 1, MinimumSamples = 0, AccuracyTarget = 0.9, DriftWindow = 20, OnBreach = action });
        await host.AddAgentOutputsAsync("agent-a", 12);
        await host.AddAgentOutputsAsync("agent-b", 12);
        await host.Get<SampleCompletedTasks>().HandleAsync();
        // agent-a is wrong half the time; agent-b is right every time.
        var reviewTasks = await host.ReviewTasksAsync();
        var reviews = await host.ReviewsAsync();
        var i = 0;
        foreach (var task in reviewTasks.OrderBy(t => t.Id))
        {
            var agent = reviews.Single(r => r.ReviewTaskId == task.Id).AgentProfileKey;
            Assert.True((await host.ReviewAsync(task.Id, QualityTestHost.Verdict(agent == "agent-b" || i++ % 2 == 0))).Succeeded);
        }
        return host;
    }

    [Fact]
    public async Task Breach_AfterAVerdict_RecordsEvidence_RaisesAlert_AndPausesTheAgent()
    {
        await using var host = await BreachedAsync(BreachAction.PauseAgent);

        await using var db = await host.DbAsync();
        var breach = Assert.Single(await db.QualityBreaches.AsNoTracking().ToListAsync());
        Assert.Equal(("agent-a", "1.0", BreachKind.BelowTarget, BreachStatus.Open), (breach.AgentProfileKey, breach.AgentVersion, breach.Kind, breach.Status));
        Assert.True(breach.Evidence.RecentHigh < 0.9);
        Assert.Null(breach.ActionError);
        Assert.Equal(AgentStatus.Paused, (await db.AgentProfiles.SingleAsync(a => a.Key == "agent-a")).Status);
        Assert.Equal(AgentStatus.Active, (await db.AgentProfiles.SingleAsync(a => a.Key == "agent-b")).Status);
        var alert = await db.Alerts.SingleAsync(a => a.Kind == AlertKind.Quality);
        Assert.Contains("agent-a", alert.Message);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "quality.breach" && e.After!.Contains("recentPasses")));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "agent.pause" && e.Reason!.Contains("Quality breach")));
    }

    [Fact]
    public async Task Breach_IsActedOnOnce_WhileOpen()
    {
        await using var host = await BreachedAsync(BreachAction.Alert);

        Assert.Empty(await host.Get<EvaluateQuality>().AllAsync());
        await using var db = await host.DbAsync();
        Assert.Equal(1, await db.QualityBreaches.CountAsync());
    }

    [Fact]
    public async Task RouteToHumans_SetsAgentShareToZero_AndRevertPutsTheStaffingBack()
    {
        await using var host = await BreachedAsync(BreachAction.RouteToHumans);
        var step = host.Version.FirstStep;
        await using (var db = await host.DbAsync())
        {
            var live = (await StepPolicies.EffectiveAsync(db, QualityTestHost.WorkflowKey, step)).Staffing;
            Assert.Equal((StaffingMode.Hybrid, 0), (live.Mode, live.AgentShare));
        }
        var breach = (await host.Get<QualityQueries>().BreachesAsync()).Single();

        var reverted = await host.Get<ResolveQualityBreach>().RevertAsync(Dana, breach.Id);

        Assert.True(reverted.Succeeded, reverted.Message);
        await using (var db = await host.DbAsync())
        {
            var live = (await StepPolicies.EffectiveAsync(db, QualityTestHost.WorkflowKey, step)).Staffing;
            Assert.Equal((StaffingMode.Hybrid, 100), (live.Mode, live.AgentShare));
            Assert.Equal(BreachStatus.Reverted, (await db.QualityBreaches.SingleAsync()).Status);
            Assert.NotNull((await db.Alerts.SingleAsync(a => a.Kind == AlertKind.Quality)).AcknowledgedAt);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "quality.breach-reverted" && e.Actor == "Dana Orchestrator"));
        }
        Assert.Equal(WorkOutcome.Conflict, (await host.Get<ResolveQualityBreach>().AcknowledgeAsync(Dana, breach.Id)).Outcome);
    }

    [Fact]
    public async Task RaiseOversight_SetsReviewAll_AndAcknowledgeKeepsIt()
    {
        await using var host = await BreachedAsync(BreachAction.RaiseOversight);
        var breach = (await host.Get<QualityQueries>().BreachesAsync()).Single();

        Assert.True((await host.Get<ResolveQualityBreach>().AcknowledgeAsync(Dana, breach.Id)).Succeeded);

        await using var db = await host.DbAsync();
        var live = (await StepPolicies.EffectiveAsync(db, QualityTestHost.WorkflowKey, host.Version.FirstStep)).Staffing;
        Assert.Equal(Oversight.ReviewAll, live.Oversight);
        Assert.Equal(BreachStatus.Acknowledged, (await db.QualityBreaches.SingleAsync()).Status);
    }

    [Fact]
    public async Task Measures_ShowAccuracyPerAgent()
    {
        await using var host = await BreachedAsync(BreachAction.Alert);

        var strata = await host.Get<QualityQueries>().StrataAsync(host.Now.AddDays(-1), host.Now.AddDays(1));

        var a = strata.Single(s => s.AgentProfileKey == "agent-a");
        var b = strata.Single(s => s.AgentProfileKey == "agent-b");
        Assert.Equal((6, 12, true), (a.Measures.Accuracy.Successes, a.Measures.Accuracy.Trials, a.Breached));
        Assert.Equal((12, 12, false), (b.Measures.Accuracy.Successes, b.Measures.Accuracy.Trials, b.Breached));
        Assert.Equal(12, b.Measures.Turnaround!.Count);
        Assert.True(b.Measures.Turnaround.Median >= TimeSpan.FromMinutes(3));
    }
}
