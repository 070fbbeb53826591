using Microsoft.EntityFrameworkCore;
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
}
