using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// A staffing policy set live from the board. It overrides the published version's policy for that step (versions stay
/// immutable); routing, the confidence threshold and oversight read the effective policy.
/// </summary>
public sealed class StaffingOverride
{
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public string StaffingJson { get; set; } = "{}";
    public string SetBy { get; set; } = "";
    public DateTime SetAt { get; set; }

    public StaffingPolicy Policy => DomainJson.Deserialize<StaffingPolicy>(StaffingJson);
}

public static class StepPolicies
{
    /// <summary>The step as it is staffed now: its version's definition with any live staffing override applied.</summary>
    /// <remarks>The overrides are read once per unit of work (see <see cref="OrchestratorDbContext.Memo"/>).</remarks>
    public static async Task<StepDefinition> EffectiveAsync(OrchestratorDbContext db, string workflowKey, StepDefinition step, CancellationToken ct = default)
    {
        if (!db.Memo.TryGetValue(nameof(StaffingOverride), out var known)) db.Memo[nameof(StaffingOverride)] = known = await AllAsync(db, ct);
        return ((IReadOnlyDictionary<(string Workflow, string Step), StaffingPolicy>)known).TryGetValue((workflowKey, step.Key), out var live)
            ? step with { Staffing = live }
            : step;
    }

    /// <summary>Forget the overrides read in this unit of work, after changing one.</summary>
    public static void Forget(OrchestratorDbContext db) => db.Memo.Remove(nameof(StaffingOverride));

    public static async Task<IReadOnlyDictionary<(string Workflow, string Step), StaffingPolicy>> AllAsync(OrchestratorDbContext db, CancellationToken ct = default) =>
        (await db.StaffingOverrides.AsNoTracking().ToListAsync(ct)).ToDictionary(o => (o.WorkflowKey, o.StepKey), o => o.Policy);
}
