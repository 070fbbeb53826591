using Orchestrator.Domain.Quality;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

public enum QueueSort { Urgency, Priority, SlaDue, Age }

/// <summary>Kind narrows a step to its work or to its reviews (reviews share their step's key).</summary>
public sealed record QueueFilter(string? Workflow = null, string? Step = null, QueueSort Sort = QueueSort.Urgency, int Page = 0, int PageSize = 25,
    bool EscalatedOnly = false, TaskKind? Kind = null);

public sealed record QueueItem(Guid Id, Guid CaseId, string WorkflowKey, string StepKey, string StepName, TaskKind Kind, WorkTaskStatus Status,
    int Priority, DateTime CreatedAt, DateTime? SlaDueAt, bool WasEscalated, string? EscalationReason, bool ReservedForTrainees,
    string? AssigneeName, DateTime? LeaseExpiresAt, DateTime? ClaimedAt);

public sealed record StepCount(string WorkflowKey, string StepKey, string StepName, int Count, TaskKind Kind = TaskKind.Step);

public sealed record QueueResult(IReadOnlyList<QueueItem> Items, int Total, IReadOnlyList<StepCount> Steps);

public sealed record EarlierStep(Guid TaskId, string StepName, TaskKind Kind, WorkTaskStatus Status, string? By, bool ByAgent, string? OutputJson, DateTime? CompletedAt, double? Confidence);

public sealed record TaskComment(string Author, string Text, DateTime At);

/// <summary>For a review task: the agent output under review and how it came to be reviewed.</summary>
public sealed record ReviewSubject(string AgentProfileKey, string AgentVersion, double? Confidence, ReviewSource Source, JsonObject Output);

public sealed record TaskDetail(WorkTask Task, Case Case, StepDefinition Step, IReadOnlyList<FieldDefinition> OutputFields,
    IReadOnlyList<EarlierStep> Earlier, IReadOnlyList<TaskComment> Comments, ReviewSubject? Review = null);

/// <summary>What the work portal reads: queues, held work and one task in its case.</summary>
public sealed class TaskQueries(IDbContextFactory<OrchestratorDbContext> contexts, WorkflowCatalog catalog, WorkOptions options)
{
    public async Task<Worker?> WorkerAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Workers.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId, ct);
    }

    public async Task<QueueResult> QueueAsync(Worker worker, QueueFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var skillKeys = (await catalog.SkillKeysAsync(db, options.ReviewerSkill, ct)).Where(k => SkillSet.Covers(worker.SkillList, k)).ToList();
        var trainee = worker.IsTrainee;
        var eligible = db.Tasks.AsNoTracking().Where(t => EF.Property<int>(t, WorkTaskColumns.HumanQueue) == 1
            && skillKeys.Contains(t.RequiredSkills) && (trainee || !t.ReservedForTrainees));
        var steps = await eligible.GroupBy(t => new { t.WorkflowKey, t.StepKey, t.StepName, t.Kind })
            .Select(g => new StepCount(g.Key.WorkflowKey, g.Key.StepKey, g.Key.StepName, g.Count(), g.Key.Kind)).ToListAsync(ct);
        var filtered = eligible;
        if (!string.IsNullOrEmpty(filter.Workflow)) filtered = filtered.Where(t => t.WorkflowKey == filter.Workflow);
        if (!string.IsNullOrEmpty(filter.Step)) filtered = filtered.Where(t => t.StepKey == filter.Step);
        if (filter.Kind is { } kind) filtered = filtered.Where(t => t.Kind == kind);
        if (filter.EscalatedOnly) filtered = filtered.Where(t => t.Status == WorkTaskStatus.Escalated);
        var total = await filtered.CountAsync(ct);
        var ordered = filter.Sort switch
        {
            QueueSort.Priority => filtered.OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt),
            QueueSort.SlaDue => filtered.OrderBy(t => t.SlaDueAt).ThenByDescending(t => t.Priority),
            QueueSort.Age => filtered.OrderBy(t => t.CreatedAt),
            _ => filtered.OrderByDescending(t => t.Priority).ThenBy(t => t.SlaDueAt).ThenBy(t => t.CreatedAt),
        };
        var items = await Project(ordered.Skip(filter.Page * filter.PageSize).Take(filter.PageSize)).ToListAsync(ct);
        return new QueueResult(items, total, steps.OrderBy(s => s.WorkflowKey).ThenBy(s => s.StepName).ToList());
    }

    public async Task<IReadOnlyList<QueueItem>> HeldAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Project(db.Tasks.AsNoTracking().Where(t => t.AssigneeId == userId && t.Status == WorkTaskStatus.Claimed)
            .OrderBy(t => t.LeaseExpiresAt)).ToListAsync(ct);
    }

    public async Task<TaskDetail?> DetailAsync(Guid taskId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null) return null;
        var @case = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == task.CaseId, ct);
        var version = await catalog.VersionAsync(db, task.WorkflowVersionId, ct);
        var step = version.Step(task.StepKey);
        var earlier = await db.Tasks.AsNoTracking().Where(t => t.CaseId == task.CaseId && t.Id != task.Id && t.Status != WorkTaskStatus.Queued && t.CreatedAt <= task.CreatedAt)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new EarlierStep(t.Id, t.StepName, t.Kind, t.Status, t.CompletedBy == t.AgentProfileKey ? t.AgentProfileKey : t.AssigneeName,
                t.CompletedBy != null && t.CompletedBy == t.AgentProfileKey, t.OutputJson, t.CompletedAt, t.Confidence))
            .ToListAsync(ct);
        var comments = await db.TaskComments.AsNoTracking().Where(c => c.CaseId == task.CaseId).OrderBy(c => c.At)
            .Select(c => new TaskComment(c.Author, c.Text, c.At)).ToListAsync(ct);
        var fields = task.Kind == TaskKind.Review ? ReviewVerdict.FieldsFor(step.Quality.Rubric) : step.Outputs;
        return new TaskDetail(task, @case, step, fields, earlier, comments, task.Kind == TaskKind.Review ? await ReviewSubjectAsync(db, task, ct) : null);
    }

    private static async Task<ReviewSubject?> ReviewSubjectAsync(OrchestratorDbContext db, WorkTask review, CancellationToken ct)
    {
        var row = await db.QualityReviews.AsNoTracking().SingleOrDefaultAsync(r => r.ReviewTaskId == review.Id, ct);
        var reviewed = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == review.ReviewOfTaskId, ct);
        if (reviewed is null) return null;
        return new ReviewSubject(reviewed.AgentProfileKey ?? "", row?.AgentVersion ?? "", reviewed.Confidence, row?.Source ?? ReviewSource.ReviewAll,
            reviewed.Output ?? new JsonObject());
    }

    private static IQueryable<QueueItem> Project(IQueryable<WorkTask> tasks) =>
        tasks.Select(t => new QueueItem(t.Id, t.CaseId, t.WorkflowKey, t.StepKey, t.StepName, t.Kind, t.Status, t.Priority, t.CreatedAt, t.SlaDueAt,
            t.WasEscalated, t.EscalationReason, t.ReservedForTrainees, t.AssigneeName, t.LeaseExpiresAt, t.ClaimedAt));
}
