using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Workflows;

/// <summary>
/// A new draft copied from an existing version. From the version in force, the copy takes the staffing as it is set
/// live on the board, so publishing the draft keeps what the orchestrator dialled in.
/// </summary>
public sealed class StartDraft(WorkStore store, WorkflowCatalog catalog)
{
    public Task<WorkResult<WorkflowVersion>> HandleAsync(Actor actor, string workflowKey, int fromNumber, CancellationToken ct = default) =>
        store.WriteAsync<WorkflowVersion>(async (db, _) =>
        {
            var found = await StudioRules.FindAsync(db, workflowKey, fromNumber, ct);
            if (found is null) return WorkResult<WorkflowVersion>.NotFound(StudioRules.NotFound(workflowKey, fromNumber));
            var (workflow, source) = found.Value;
            var steps = source.Steps;
            var inForce = await catalog.LatestPublishedAsync(db, workflowKey, ct);
            if (inForce?.Version.Id == source.Id)
            {
                var live = await StepPolicies.AllAsync(db, ct);
                steps = [.. steps.Select(s => live.TryGetValue((workflowKey, s.Key), out var staffing) ? s with { Staffing = staffing } : s)];
            }
            var now = store.Now;
            var draft = WorkflowVersion.Draft(workflow, await StudioRules.NextNumberAsync(db, workflow.Id, ct), steps, source.OutcomePrice, actor.Name, now);
            db.WorkflowVersions.Add(draft);
            db.Record(now, actor, "workflow.draft-started", "workflow", workflow.Key, after: new { Draft = draft.Number, From = source.Number });
            return WorkResult<WorkflowVersion>.Ok(draft);
        }, ct);
}
