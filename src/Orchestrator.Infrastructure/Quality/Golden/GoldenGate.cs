using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Quality.Golden;

/// <summary>
/// A step whose quality policy sets a golden-set threshold is served only by agent profiles whose current model version
/// passed a golden-set run on that step (its latest finished run at that version reached the threshold). The router skips
/// the others; a staffing change or a publish that allows them is refused with the reason.
/// </summary>
public static class GoldenGate
{
    /// <summary>The allowed agents that may serve the step now (all of them when the step requires no golden-set pass).</summary>
    /// <remarks>Read once per unit of work and step (see <see cref="OrchestratorDbContext.Memo"/>).</remarks>
    public static async Task<IReadOnlyList<string>> ServingAsync(OrchestratorDbContext db, string workflowKey, StepDefinition step, CancellationToken ct)
    {
        if (step.Quality.GoldenSetThreshold is not { } threshold || step.Staffing.AllowedAgents.Count == 0) return step.Staffing.AllowedAgents;
        var key = $"golden:{workflowKey}/{step.Key}/{threshold}/{string.Join(',', step.Staffing.AllowedAgents)}";
        if (!db.Memo.TryGetValue(key, out var serving))
        {
            var missing = await UnqualifiedAsync(db, workflowKey, step.Key, step.Staffing.AllowedAgents, threshold, ct);
            db.Memo[key] = serving = step.Staffing.AllowedAgents.Where(a => !missing.ContainsKey(a)).ToList();
        }
        return (IReadOnlyList<string>)serving;
    }

    /// <summary>One error per allowed agent without a passing golden-set run, at <paramref name="field"/>.</summary>
    public static async Task<IReadOnlyList<FieldError>> ErrorsAsync(OrchestratorDbContext db, string workflowKey, StepDefinition step, string field, CancellationToken ct) =>
        step.Quality.GoldenSetThreshold is not { } threshold ? []
            : (await UnqualifiedAsync(db, workflowKey, step.Key, step.Staffing.AllowedAgents, threshold, ct)).Select(m => new FieldError(field, m.Value)).ToList();

    /// <summary>Agent → why it may not serve the step yet.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> UnqualifiedAsync(OrchestratorDbContext db, string workflowKey, string stepKey,
        IReadOnlyList<string> agents, double threshold, CancellationToken ct)
    {
        if (agents.Count == 0) return new Dictionary<string, string>();
        var versions = await db.AgentProfiles.AsNoTracking().Where(a => agents.Contains(a.Key)).ToDictionaryAsync(a => a.Key, a => a.ModelVersion, ct);
        var runs = await db.Set<GoldenRun>().AsNoTracking()
            .Where(r => r.WorkflowKey == workflowKey && r.StepKey == stepKey && agents.Contains(r.AgentProfileKey) && r.Status == GoldenRunStatus.Finished)
            .ToListAsync(ct);
        var why = new Dictionary<string, string>();
        foreach (var agent in agents.Where(versions.ContainsKey))
        {
            var latest = runs.Where(r => r.AgentProfileKey == agent && r.AgentVersion == versions[agent]).MaxBy(r => r.Id);
            if (latest is null)
                why[agent] = $"{agent} (version {versions[agent]}) has no golden-set run on step '{stepKey}'; the step requires accuracy of at least {threshold:P0} on its golden set.";
            else if (!latest.Passes(threshold))
                why[agent] = $"{agent} (version {versions[agent]}) scored {latest.Accuracy.Value:P0} on the golden set of step '{stepKey}' (run #{latest.Id}); the step requires at least {threshold:P0}.";
        }
        return why;
    }
}
