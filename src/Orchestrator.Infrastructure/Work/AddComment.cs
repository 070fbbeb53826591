using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>A person leaves a comment on a task; it shows on every task of the case.</summary>
public sealed class AddComment(WorkStore store)
{
    public const int MaxLength = 4000;

    public Task<WorkResult<bool>> HandleAsync(string author, Guid taskId, string text, CancellationToken ct = default) =>
        store.WriteAsync<bool>(async (db, effects) =>
        {
            if (string.IsNullOrWhiteSpace(text)) return WorkResult<bool>.Invalid([new FieldError("comment", "Write something first.")]);
            if (text.Length > MaxLength) return WorkResult<bool>.Invalid([new FieldError("comment", $"A comment is at most {MaxLength} characters.")]);
            var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<bool>.NotFound("That task does not exist.");
            db.TaskComments.Add(new TaskCommentRow { TaskId = taskId, CaseId = task.CaseId, Author = author, Text = text.Trim(), At = store.Now });
            effects.Events.Add(TaskEvents.Changed(task));
            return WorkResult<bool>.Ok(true);
        }, ct);
}
