using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>The embedded store's one instance, restarted after a crash, runs at once what its agents were running.</summary>
public sealed class CutOffRunsTests
{
    [Fact]
    public async Task Runs_of_built_in_agents_started_before_this_process_go_back_to_the_queue_but_not_its_own_or_external_ones()
    {
        await using var host = await AgentTestHost.StartAsync();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var cutOff = await host.OpenCaseAsync(1);
        var own = await host.OpenCaseAsync(2);
        var external = await host.OpenCaseAsync(3);
        await using (var db = await host.DbAsync())
        {
            db.AgentProfiles.Add(AgentProfile.Create("ext", "External checker", AgentKind.ExternalPull, "external", "1", 0m, 0m, 4, now));
            await db.SaveChangesAsync();
            await db.Tasks.Where(t => t.Id == external).ExecuteUpdateAsync(s => s.SetProperty(t => t.AgentProfileKey, "ext"));
            foreach (var (id, startedAt) in new[] { (cutOff, now.AddHours(-1)), (own, now), (external, now.AddHours(-1)) })
                await db.Tasks.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.Status, WorkTaskStatus.Running).SetProperty(t => t.ClaimedAt, startedAt)
                    .SetProperty(t => t.LeaseExpiresAt, startedAt.AddMinutes(5)).SetProperty(t => t.Attempt, 1));
        }

        var recovered = await host.Services.GetRequiredService<SweepLeases>().RecoverCutOffRunsAsync(startedBefore: now.AddSeconds(-1));

        Assert.Equal(1, recovered);
        var back = await host.TaskAsync(cutOff);
        Assert.Equal((WorkTaskStatus.Queued, (DateTime?)null, 1), (back.Status, back.LeaseExpiresAt, back.Attempt));
        Assert.Equal(WorkTaskStatus.Running, (await host.TaskAsync(own)).Status);
        Assert.Equal(WorkTaskStatus.Running, (await host.TaskAsync(external)).Status);
        Assert.Contains(cutOff, host.Dispatcher.Dispatched);
        await using var check = await host.DbAsync();
        var record = await check.AuditEvents.SingleAsync(e => e.Action == "task.run-cut-off");
        Assert.Equal(cutOff.ToString(), record.SubjectId);
    }
}
