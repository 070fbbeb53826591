using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

/// <summary>A human hands a task back to the queue.</summary>
public sealed class ReleaseTask(WorkStore store)
{
    public Task<WorkResult<WorkTask>> HandleAsync(string userId, Guid taskId, CancellationToken ct = default) =>
        store.WriteAsync<WorkTask>(async (db, effects) =>
        {
            var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
            var name = task.AssigneeName;
            task.Release(userId);
            db.Record(store.Now, Actor.User(userId, name ?? userId), "task.released", "task", task.Id.ToString(), after: new { task.Status });
            effects.Events.Add(TaskEvents.Changed(task, userId));
            return WorkResult<WorkTask>.Ok(task);
        }, ct);
}
