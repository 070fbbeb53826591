using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Outcomes;

/// <summary>
/// Keeps the rollups equal to the raw tables: every save that changes a case or task adds (what it contributes now) −
/// (what it contributed before) to the rollup rows, in the same transaction. Because it works on the change tracker,
/// every write path is covered — completions, escalations, reviews late or gating, cancellations — without hooks in them.
/// Writes that bypass the change tracker (ExecuteUpdate) must not change finished tasks or cases; today only claims and
/// leases do, which the rollups do not count.
/// </summary>
public sealed class RollupChanges
{
    private readonly Dictionary<OutcomeKey, OutcomeMeasures> _outcomes = [];
    private readonly Dictionary<StepFactKey, StepMeasures> _steps = [];

    public bool IsEmpty => _outcomes.Values.All(m => m.IsZero) && _steps.Values.All(m => m.IsZero);

    public void Add((OutcomeKey Key, OutcomeMeasures Measures)? fact, bool subtract = false)
    {
        if (fact is not { } f) return;
        _outcomes[f.Key] = _outcomes.GetValueOrDefault(f.Key) + (subtract ? -f.Measures : f.Measures);
    }

    public void Add((StepFactKey Key, StepMeasures Measures)? fact, bool subtract = false)
    {
        if (fact is not { } f) return;
        _steps[f.Key] = _steps.GetValueOrDefault(f.Key) + (subtract ? -f.Measures : f.Measures);
    }

    public IReadOnlyDictionary<OutcomeKey, OutcomeMeasures> Outcomes => _outcomes;
    public IReadOnlyDictionary<StepFactKey, StepMeasures> Steps => _steps;

    /// <summary>Saves the context's changes and their rollup deltas atomically (in the caller's transaction, or a new one).</summary>
    public static async Task<int> SaveWithRollupsAsync(OrchestratorDbContext db, Func<Task<int>> save, CancellationToken ct)
    {
        var changes = await CollectAsync(db, ct);
        if (changes.IsEmpty) return await save();
        if (db.Database.CurrentTransaction is not null)
        {
            var saved = await save();
            await changes.ApplyAsync(db, ct);
            return saved;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var count = await save();
        await changes.ApplyAsync(db, ct);
        await tx.CommitAsync(ct);
        return count;
    }

    public static async Task<RollupChanges> CollectAsync(OrchestratorDbContext db, CancellationToken ct)
    {
        var changes = new RollupChanges();
        if (db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        foreach (var entry in db.ChangeTracker.Entries<Case>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.State != EntityState.Added) changes.Add(CaseOf(entry.OriginalValues).Fact, subtract: true);
            if (entry.State != EntityState.Deleted) changes.Add(CaseOf(entry.CurrentValues).Fact);
        }
        foreach (var entry in db.ChangeTracker.Entries<WorkTask>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            var before = entry.State == EntityState.Added ? null : entry.OriginalValues;
            var now = entry.State == EntityState.Deleted ? null : entry.CurrentValues;
            if (!Finished(before) && !Finished(now)) continue;
            var reviewed = entry.Entity.ReviewOfTaskId is { } rid ? await ReviewedAgentAsync(db, rid, ct) : null;
            if (before is not null) changes.Add(TaskOf(before, reviewed).Fact, subtract: true);
            if (now is not null) changes.Add(TaskOf(now, reviewed).Fact);
        }
        return changes;
    }

    private static bool Finished(PropertyValues? values) => values is not null && TaskFacts.IsFinished(values.GetValue<WorkTaskStatus>(nameof(WorkTask.Status)));

    private static async Task<string?> ReviewedAgentAsync(OrchestratorDbContext db, Guid reviewedId, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<WorkTask>().FirstOrDefault(e => e.Entity.Id == reviewedId);
        if (tracked is not null) return tracked.Entity.AgentProfileKey;
        return await db.Tasks.AsNoTracking().Where(t => t.Id == reviewedId).Select(t => t.AgentProfileKey).FirstOrDefaultAsync(ct);
    }

    private static CaseFacts CaseOf(PropertyValues v) => new(
        v.GetValue<string>(nameof(Case.WorkflowKey)), v.GetValue<CaseStatus>(nameof(Case.Status)), v.GetValue<DateTime>(nameof(Case.CreatedAt)),
        v.GetValue<DateTime?>(nameof(Case.CompletedAt)), v.GetValue<decimal>(nameof(Case.OutcomePrice)), v.GetValue<decimal>(nameof(Case.HumanCost)),
        v.GetValue<decimal>(nameof(Case.AgentCost)), v.GetValue<decimal>(nameof(Case.ReviewCost)), v.GetValue<int>(nameof(Case.TasksCompleted)),
        v.GetValue<int>(nameof(Case.AgentTasksCompleted)));

    private static TaskFacts TaskOf(PropertyValues v, string? reviewedAgent) => new(
        v.GetValue<string>(nameof(WorkTask.WorkflowKey)), v.GetValue<string>(nameof(WorkTask.StepKey)), v.GetValue<TaskKind>(nameof(WorkTask.Kind)),
        v.GetValue<WorkTaskStatus>(nameof(WorkTask.Status)), v.GetValue<TaskRoute>(nameof(WorkTask.Route)), v.GetValue<string?>(nameof(WorkTask.AgentProfileKey)),
        v.GetValue<DateTime?>(nameof(WorkTask.CompletedAt)), v.GetValue<DateTime?>(nameof(WorkTask.SlaDueAt)), v.GetValue<decimal>(nameof(WorkTask.HumanCost)),
        v.GetValue<decimal>(nameof(WorkTask.AgentCost)), v.GetValue<double>(nameof(WorkTask.HandleSeconds)), v.GetValue<bool>(nameof(WorkTask.WasEscalated)),
        v.GetValue<string?>(nameof(WorkTask.OutputJson)), reviewedAgent);

    /// <summary>Adds the deltas to the rollup tables with one upsert per row (atomic increments, safe beside other writers).</summary>
    public async Task ApplyAsync(OrchestratorDbContext db, CancellationToken ct)
    {
        foreach (var (k, m) in _outcomes.Where(x => !x.Value.IsZero))
            await db.Database.ExecuteSqlRawAsync(OutcomeUpsert, [k.WorkflowKey, k.Day, k.DurationBucket, m.Outcomes, m.RevenueMicros,
                m.HumanCostMicros, m.AgentCostMicros, m.ReviewCostMicros, m.StepTasks, m.AgentStepTasks], ct);
        foreach (var (k, m) in _steps.Where(x => !x.Value.IsZero))
            await db.Database.ExecuteSqlRawAsync(StepUpsert, [k.WorkflowKey, k.Day, k.StepKey, k.Kind.ToString(), k.Status.ToString(), k.Route.ToString(),
                k.AgentKey, m.Tasks, m.HumanCostMicros, m.AgentCostMicros, m.HandleMillis, m.Escalated, m.WithinSla, m.Passed, m.Failed], ct);
    }

    private static readonly string OutcomeUpsert = Upsert("OutcomeRollups", ["WorkflowKey", "Day", "DurationBucket"],
        ["Outcomes", "RevenueMicros", "HumanCostMicros", "AgentCostMicros", "ReviewCostMicros", "StepTasks", "AgentStepTasks"]);

    private static readonly string StepUpsert = Upsert("StepRollups", ["WorkflowKey", "Day", "StepKey", "Kind", "Status", "Route", "AgentKey"],
        ["Tasks", "HumanCostMicros", "AgentCostMicros", "HandleMillis", "Escalated", "WithinSla", "Passed", "Failed"]);

    private static string Upsert(string table, string[] keys, string[] measures)
    {
        var columns = keys.Concat(measures).ToArray();
        return $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
               $"VALUES ({string.Join(", ", columns.Select((_, i) => $"{{{i}}}"))}) " +
               $"ON CONFLICT ({string.Join(", ", keys.Select(c => $"\"{c}\""))}) DO UPDATE SET " +
               string.Join(", ", measures.Select(c => $"\"{c}\" = \"{table}\".\"{c}\" + excluded.\"{c}\""));
    }
}
