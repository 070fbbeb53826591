using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

/// <summary>Returns tasks whose claim or agent run ran out of lease to their queue. Safe to run twice.</summary>
public sealed class SweepLeases(WorkStore store)
{
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        var result = await store.WriteAsync<int>(async (db, effects) =>
        {
            var now = store.Now;
            var expired = await db.Tasks.Where(t => (t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Running) && t.LeaseExpiresAt < now)
                .OrderBy(t => t.LeaseExpiresAt).Take(500).ToListAsync(ct);
            foreach (var task in expired)
            {
                var holder = task.AssigneeId;
                var before = TaskEvents.Snapshot(task);
                if (!task.ExpireLease(now)) continue;
                db.Record(now, Actor.System, "task.lease-expired", "task", task.Id.ToString(), before, TaskEvents.Snapshot(task), "The claim's lease ran out");
                effects.Events.Add(TaskEvents.Changed(task, holder));
                if (task.Route == TaskRoute.Agent) effects.AgentTasks.Add(task.Id);
            }
            return WorkResult<int>.Ok(expired.Count);
        }, ct);
        return result.Value;
    }

    /// <summary>
    /// For the single instance of the embedded store, at start-up: runs of built-in agents still Running were cut off
    /// when the process stopped (nothing else runs them), so they go back to their agent's queue now rather than after
    /// their lease. External agents' runs belong to their own workers and keep their leases; people's claims too.
    /// </summary>
    /// <param name="startedBefore">When this process started: runs it started itself are not cut off.</param>
    public async Task<int> RecoverCutOffRunsAsync(DateTime startedBefore, CancellationToken ct = default)
    {
        var result = await store.WriteAsync<int>(async (db, effects) =>
        {
            var now = store.Now;
            var builtIn = db.AgentProfiles.Where(a => a.Kind != AgentKind.ExternalPull).Select(a => a.Key);
            var cutOff = await db.Tasks
                .Where(t => t.Status == WorkTaskStatus.Running && t.Route == TaskRoute.Agent && builtIn.Contains(t.AgentProfileKey!)
                            && t.ClaimedAt < startedBefore)
                .ToListAsync(ct);
            foreach (var task in cutOff)
            {
                var before = TaskEvents.Snapshot(task);
                if (!task.ReturnCutOffRun()) continue;
                db.Record(now, Actor.System, "task.run-cut-off", "task", task.Id.ToString(), before, TaskEvents.Snapshot(task),
                    "The agent run was cut off when Orchestrator stopped; it runs again");
                effects.Events.Add(TaskEvents.Changed(task));
                effects.AgentTasks.Add(task.Id);
            }
            return WorkResult<int>.Ok(cutOff.Count);
        }, ct);
        return result.Value;
    }
}
