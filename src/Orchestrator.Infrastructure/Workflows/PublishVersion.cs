using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Workflows;

/// <summary>
/// Publishes a valid draft: it becomes immutable and new cases start on it; running cases stay on their version. Live
/// staffing overrides from the board end here, since the new version carries the staffing it was drafted with.
/// </summary>
public sealed class PublishVersion(WorkStore store, WorkflowCatalog catalog)
{
    public async Task<WorkResult<WorkflowVersion>> HandleAsync(Actor actor, string workflowKey, int number, int? revision = null, CancellationToken ct = default)
    {
        var result = await store.WriteAsync<WorkflowVersion>(async (db, effects) =>
        {
            var found = await StudioRules.FindAsync(db, workflowKey, number, ct);
            if (found is null) return WorkResult<WorkflowVersion>.NotFound(StudioRules.NotFound(workflowKey, number));
            var version = found.Value.Version;
            if (!version.IsDraft) return WorkResult<WorkflowVersion>.Refused("version.immutable", $"Version {number} is already published.");
            if (revision is { } r && r != version.Revision) return SaveDraft.Stale<WorkflowVersion>(version, r);
            var current = await catalog.LatestPublishedAsync(db, workflowKey, ct);
            if (current is { } c && c.Version.Number > number)
                return WorkResult<WorkflowVersion>.Refused("version.outdated",
                    $"Version {number} is older than version {c.Version.Number}, which is published. Start a new draft from version {c.Version.Number}.");
            var errors = (await StudioRules.ValidateAsync(db, version.Steps, ct)).ToList();
            for (var i = 0; i < version.Steps.Count; i++)
                errors.AddRange(await Quality.Golden.GoldenGate.ErrorsAsync(db, workflowKey, version.Steps[i], $"steps[{i}].staffing.allowedAgents", ct));
            if (errors.Count > 0) return WorkResult<WorkflowVersion>.Invalid(errors, $"Version {number} cannot be published until these are fixed.");

            var now = store.Now;
            version.Publish(actor.Name, now);
            var overrides = await db.StaffingOverrides.Where(o => o.WorkflowKey == workflowKey).ToListAsync(ct);
            db.StaffingOverrides.RemoveRange(overrides);
            var changes = current is { } previous ? WorkflowDiff.Compare(previous.Version.Steps, version.Steps, previous.Version.OutcomePrice, version.OutcomePrice) : [];
            db.Record(now, actor, "workflow.published", "workflow", workflowKey, new { Version = current?.Version.Number },
                new { Version = number, Changes = StudioRules.Describe(changes), LiveStaffingCleared = overrides.Select(o => o.StepKey).ToList() });
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.PolicyChanged, workflowKey, null, null, null, $"v{number} published"));
            return WorkResult<WorkflowVersion>.Ok(version);
        }, ct);
        if (result.Succeeded) catalog.Invalidate();
        return result;
    }
}
