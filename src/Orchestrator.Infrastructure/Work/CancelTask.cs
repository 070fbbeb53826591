using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

/// <summary>An orchestrator cancels an open task, and with it the case it holds up.</summary>
public sealed class CancelTask(WorkStore store)
{
    public Task<WorkResult<WorkTask>> HandleAsync(Actor actor, Guid taskId, string reason, CancellationToken ct = default) =>
        store.WriteAsync<WorkTask>(async (db, effects) =>
        {
            var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
            var before = TaskEvents.Snapshot(task);
            var previous = task.AssigneeId;
            var now = store.Now;
            task.Cancel(reason, now);
            var @case = await db.Cases.SingleAsync(c => c.Id == task.CaseId, ct);
            @case.RecordTask(task);
            db.Record(now, actor, "task.cancelled", "task", task.Id.ToString(), before, TaskEvents.Snapshot(task), reason);
            if (task.Kind == TaskKind.Step && @case.Status == Domain.Cases.CaseStatus.Open)
            {
                var why = $"Task {task.StepName} cancelled: {reason}";
                @case.Cancel(why, now);
                db.Record(now, actor, "case.cancelled", "case", @case.Id.ToString(), after: new { @case.Status }, reason: why);
            }
            effects.Events.Add(TaskEvents.Changed(task, previous));
            return WorkResult<WorkTask>.Ok(task);
        }, ct);
}
