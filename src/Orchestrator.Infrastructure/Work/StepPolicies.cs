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
    public static async Task<StepDefinition> EffectiveAsync(OrchestratorDbContext db, string workflowKey, StepDefinition step, CancellationToken ct = default)
    {
        var live = await db.StaffingOverrides.AsNoTracking().SingleOrDefaultAsync(o => o.WorkflowKey == workflowKey && o.StepKey == step.Key, ct);
        return live is null ? step : step with { Staffing = live.Policy };
    }

    public static async Task<IReadOnlyDictionary<(string Workflow, string Step), StaffingPolicy>> AllAsync(OrchestratorDbContext db, CancellationToken ct = default) =>
        (await db.StaffingOverrides.AsNoTracking().ToListAsync(ct)).ToDictionary(o => (o.WorkflowKey, o.StepKey), o => o.Policy);
}
