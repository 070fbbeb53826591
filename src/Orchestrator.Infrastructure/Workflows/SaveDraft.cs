using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Workflows;

/// <summary>The editor's draft as it stands, and the revision it was loaded at.</summary>
public sealed record DraftInput(string WorkflowKey, int Number, int Revision, decimal OutcomePrice, IReadOnlyList<StepDefinition> Steps);

/// <summary>
/// Saves a draft. An unfinished draft may be saved (publishing is what requires it valid); a published version is
/// refused, and so is a save from an older revision than the stored one, so two editors never silently overwrite
/// each other. Audited with the changes it made.
/// </summary>
public sealed class SaveDraft(WorkStore store, WorkflowCatalog catalog)
{
    public async Task<WorkResult<WorkflowVersion>> HandleAsync(Actor actor, DraftInput input, CancellationToken ct = default)
    {
        var result = await store.WriteAsync<WorkflowVersion>(async (db, _) =>
        {
            var found = await StudioRules.FindAsync(db, input.WorkflowKey, input.Number, ct);
            if (found is null) return WorkResult<WorkflowVersion>.NotFound(StudioRules.NotFound(input.WorkflowKey, input.Number));
            var version = found.Value.Version;
            if (version.IsDraft && version.Revision != input.Revision)
                return Stale<WorkflowVersion>(version, input.Revision);
            var before = version.Steps;
            var priceBefore = version.OutcomePrice;
            version.ReplaceSteps(input.Steps, input.OutcomePrice, actor.Name, store.Now);
            var changes = WorkflowDiff.Compare(before, version.Steps, priceBefore, version.OutcomePrice);
            db.Record(store.Now, actor, "workflow.draft-saved", "workflow", $"{input.WorkflowKey}/v{input.Number}",
                new { Revision = input.Revision }, new { version.Revision, Changes = StudioRules.Describe(changes) });
            return WorkResult<WorkflowVersion>.Ok(version);
        }, ct);
        if (result.Succeeded) catalog.Invalidate();
        return result;
    }

    internal static WorkResult<T> Stale<T>(WorkflowVersion version, int revision)
    {
        try { version.EnsureRevision(revision); }
        catch (DomainException ex) { return WorkResult<T>.Conflict(ex.Code, ex.Message); }
        throw new InvalidOperationException("The revision is current.");
    }
}
