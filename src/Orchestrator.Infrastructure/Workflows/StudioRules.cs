using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Workflows;

/// <summary>What the studio checks beyond the domain's rules: that the agent profiles a step allows exist.</summary>
public static class StudioRules
{
    public static async Task<IReadOnlyList<FieldError>> ValidateAsync(OrchestratorDbContext db, IReadOnlyList<StepDefinition> steps, CancellationToken ct)
    {
        var errors = WorkflowValidator.Validate(steps).ToList();
        var known = (await db.AgentProfiles.AsNoTracking().Select(a => a.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
            foreach (var agent in steps[i].Staffing.AllowedAgents.Where(a => !known.Contains(a)))
                errors.Add(new($"steps[{i}].staffing.allowedAgents", $"No agent profile has the key '{agent}'."));
        return errors;
    }

    public static async Task<(Workflow Workflow, WorkflowVersion Version)?> FindAsync(OrchestratorDbContext db, string workflowKey, int number, CancellationToken ct)
    {
        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Key == workflowKey, ct);
        if (workflow is null) return null;
        var version = await db.WorkflowVersions.SingleOrDefaultAsync(v => v.WorkflowId == workflow.Id && v.Number == number, ct);
        return version is null ? null : (workflow, version);
    }

    public static async Task<int> NextNumberAsync(OrchestratorDbContext db, Guid workflowId, CancellationToken ct) =>
        (await db.WorkflowVersions.Where(v => v.WorkflowId == workflowId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;

    public static string NotFound(string workflowKey, int number) => $"Workflow '{workflowKey}' has no version {number}.";

    /// <summary>The changes as sentences, for the audit trail.</summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<WorkflowChange> changes) => changes.Select(c => c.ToString()).ToList();
}
