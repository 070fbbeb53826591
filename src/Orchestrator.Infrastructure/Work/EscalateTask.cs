using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

/// <summary>A human sends a task they hold back to the queue as escalated, with a reason and their draft.</summary>
public sealed class EscalateTask(WorkStore store)
{
    public Task<WorkResult<WorkTask>> HandleAsync(string userId, Guid taskId, string reason, JsonObject? draft, CancellationToken ct = default) =>
        store.WriteAsync<WorkTask>(async (db, effects) =>
        {
            if (string.IsNullOrWhiteSpace(reason)) return WorkResult<WorkTask>.Invalid([new FieldError("reason", "Say why you escalate.")]);
            var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
            if (!task.IsHeldBy(userId)) return WorkResult<WorkTask>.Conflict("not-yours", "You no longer hold this task.");
            var name = task.AssigneeName ?? userId;
            task.Escalate($"Escalated by {name}: {reason.Trim()}", draft, store.Now);
            db.Record(store.Now, Actor.User(userId, name), "task.escalated", "task", task.Id.ToString(), after: new { task.Status }, reason: reason.Trim());
            effects.Events.Add(TaskEvents.Changed(task, userId));
            return WorkResult<WorkTask>.Ok(task);
        }, ct);
}
