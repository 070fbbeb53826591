using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality;

internal static class PublishedStep
{
    /// <summary>The step of the workflow's latest published version as it is staffed now, or null when there is none.</summary>
    public static async Task<StepDefinition?> FindAsync(OrchestratorDbContext db, WorkflowCatalog catalog, string workflowKey, string stepKey, CancellationToken ct)
    {
        var published = await catalog.LatestPublishedAsync(db, workflowKey, ct);
        var step = published?.Version.Steps.FirstOrDefault(s => s.Key == stepKey);
        return step is null ? null : await StepPolicies.EffectiveAsync(db, workflowKey, step, ct);
    }

    public static string Missing(string workflowKey, string stepKey) => $"No published workflow '{workflowKey}' has a step '{stepKey}'.";
}
