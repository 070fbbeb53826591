using Orchestrator.Domain.Quality;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

/// <summary>A human completes a task they hold; the output is checked against the step's fields and the case moves on.</summary>
public sealed class CompleteTask(WorkStore store, WorkflowCatalog catalog, WorkOptions options, Quality.EvaluateQuality quality, ILogger<CompleteTask> logger)
{
    public async Task<WorkResult<WorkTask>> HandleAsync(string userId, Guid taskId, JsonObject output, CancellationToken ct = default)
    {
        var result = await CompleteAsync(userId, taskId, output, ct);
        if (result.Succeeded && result.Value!.Kind == TaskKind.Review)
        {
            // Each verdict may be the one that shows a breach: evaluate the step now, not only on the next scheduled run.
            try { await quality.StepAsync(result.Value.WorkflowKey, result.Value.StepKey, ct); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Quality evaluation after review {Task} failed; the scheduled run retries", taskId); }
        }
        return result;
    }

    private Task<WorkResult<WorkTask>> CompleteAsync(string userId, Guid taskId, JsonObject output, CancellationToken ct) =>
        store.WriteAsync<WorkTask>(async (db, effects) =>
        {
            var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
            if (!task.IsHeldBy(userId))
                return WorkResult<WorkTask>.Conflict("not-yours", task.Status == WorkTaskStatus.Claimed
                    ? $"{task.AssigneeName} holds this task now; your work on it was not saved."
                    : $"This task is {task.Status} and no longer yours; your work on it was not saved.");
            var worker = await db.Workers.AsNoTracking().SingleAsync(w => w.UserId == userId, ct);
            var step = (await catalog.VersionAsync(db, task.WorkflowVersionId, ct)).Step(task.StepKey);
            var fields = task.Kind == TaskKind.Review ? ReviewVerdict.FieldsFor(step.Quality.Rubric) : step.Outputs;
            if (task.Kind == TaskKind.Review && ReviewVerdict.Validate(output, step.Quality.Rubric, step.Outputs) is { Count: > 0 } errors)
                return WorkResult<WorkTask>.Invalid(errors);
            var now = store.Now;
            task.CompleteByHuman(userId, output, fields, worker.HourlyCost, now);
            var actor = Actor.User(userId, worker.DisplayName);
            db.Record(now, actor, "task.completed", "task", task.Id.ToString(), after: new { task.Status, task.HandleSeconds, Cost = task.Cost });
            effects.Events.Add(TaskEvents.Changed(task, userId));
            await CaseProgress.AdvanceAsync(db, effects, catalog, options, task, actor, now, ct);
            return WorkResult<WorkTask>.Ok(task);
        }, ct);
}
