using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Outcomes;

/// <summary>
/// The rollup figures computed the slow way, by reading and grouping the raw case and task rows. It rebuilds the rollups,
/// proves them right in tests, and is the baseline the dashboard benchmark compares against.
/// </summary>
public static class RawRollups
{
    public static async Task<RollupChanges> ComputeAsync(OrchestratorDbContext db, string? workflowKey = null, DateOnly? from = null, DateOnly? to = null,
        CancellationToken ct = default)
    {
        DateTime? start = from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), end = to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var facts = new RollupChanges();

        var cases = db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Completed);
        if (workflowKey is not null) cases = cases.Where(c => c.WorkflowKey == workflowKey);
        if (start is not null) cases = cases.Where(c => c.CompletedAt >= start);
        if (end is not null) cases = cases.Where(c => c.CompletedAt < end);
        await foreach (var c in cases.Select(c => new CaseFacts(c.WorkflowKey, c.Status, c.CreatedAt, c.CompletedAt, c.OutcomePrice, c.HumanCost,
                           c.AgentCost, c.ReviewCost, c.TasksCompleted, c.AgentTasksCompleted)).AsAsyncEnumerable().WithCancellation(ct))
            facts.Add(c.Fact);

        var tasks = db.Tasks.AsNoTracking()
            .Where(t => t.Status == WorkTaskStatus.Completed || t.Status == WorkTaskStatus.Cancelled || t.Status == WorkTaskStatus.Failed);
        if (workflowKey is not null) tasks = tasks.Where(t => t.WorkflowKey == workflowKey);
        if (start is not null) tasks = tasks.Where(t => t.CompletedAt >= start);
        if (end is not null) tasks = tasks.Where(t => t.CompletedAt < end);
        var rows = from t in tasks
                   join r in db.Tasks on t.ReviewOfTaskId equals r.Id into reviewed
                   from r in reviewed.DefaultIfEmpty()
                   select new TaskFacts(t.WorkflowKey, t.StepKey, t.Kind, t.Status, t.Route, t.AgentProfileKey, t.CompletedAt, t.SlaDueAt, t.HumanCost,
                       t.AgentCost, t.HandleSeconds, t.WasEscalated, t.Kind == TaskKind.Review ? t.OutputJson : null, r == null ? null : r.AgentProfileKey);
        await foreach (var t in rows.AsAsyncEnumerable().WithCancellation(ct))
            facts.Add(t.Fact);
        return facts;
    }

    /// <summary>Replaces the rollups with what the raw tables say (after a bulk import, or on a database that predates them).</summary>
    public static async Task RebuildAsync(OrchestratorDbContext db, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.OutcomeRollups.ExecuteDeleteAsync(ct);
        await db.StepRollups.ExecuteDeleteAsync(ct);
        var facts = await ComputeAsync(db, ct: ct);
        await facts.ApplyAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The stored rollup rows in the same shape, for comparison.</summary>
    public static async Task<RollupChanges> StoredAsync(OrchestratorDbContext db, string? workflowKey = null, DateOnly? from = null, DateOnly? to = null,
        CancellationToken ct = default)
    {
        var stored = new RollupChanges();
        var outcomes = db.OutcomeRollups.AsNoTracking();
        var steps = db.StepRollups.AsNoTracking();
        if (workflowKey is not null) { outcomes = outcomes.Where(r => r.WorkflowKey == workflowKey); steps = steps.Where(r => r.WorkflowKey == workflowKey); }
        if (from is { } f) { outcomes = outcomes.Where(r => r.Day >= f); steps = steps.Where(r => r.Day >= f); }
        if (to is { } t) { outcomes = outcomes.Where(r => r.Day <= t); steps = steps.Where(r => r.Day <= t); }
        foreach (var r in await outcomes.ToListAsync(ct))
            stored.Add((new OutcomeKey(r.WorkflowKey, r.Day, r.DurationBucket), new OutcomeMeasures(r.Outcomes, r.RevenueMicros, r.HumanCostMicros,
                r.AgentCostMicros, r.ReviewCostMicros, r.StepTasks, r.AgentStepTasks)));
        foreach (var r in await steps.ToListAsync(ct))
            stored.Add((new StepFactKey(r.WorkflowKey, r.Day, r.StepKey, r.Kind, r.Status, r.Route, r.AgentKey), new StepMeasures(r.Tasks,
                r.HumanCostMicros, r.AgentCostMicros, r.HandleMillis, r.Escalated, r.WithinSla, r.Passed, r.Failed)));
        return stored;
    }
}

/// <summary>A database that had cases before the rollups existed gets them built once from the raw tables.</summary>
public static class RollupsBuilt
{
    public const string Marker = "rollups.built";

    public static async Task EnsureAsync(OrchestratorDbContext db, CancellationToken ct = default)
    {
        if (await db.Settings.AnyAsync(s => s.Key == Marker, ct)) return;
        await RawRollups.RebuildAsync(db, ct);
        db.Settings.Add(new AppSetting { Key = Marker, Value = "1" });
        await db.SaveChangesAsync(ct);
    }
}
