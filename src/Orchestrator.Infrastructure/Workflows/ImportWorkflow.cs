using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Workflows;

public sealed record ImportedWorkflow(string WorkflowKey, int Number, bool CreatedWorkflow);

/// <summary>
/// Reads a workflow from YAML into a new draft: of the existing workflow with that key, or of a new one. The file is
/// checked as strictly as publishing checks a draft, and every problem names its field and line.
/// </summary>
public sealed class ImportWorkflow(WorkStore store, WorkflowCatalog catalog)
{
    public async Task<WorkResult<ImportedWorkflow>> HandleAsync(Actor actor, string yaml, CancellationToken ct = default)
    {
        ParsedWorkflow parsed;
        try { parsed = WorkflowYaml.Read(yaml); }
        catch (ValidationFailedException ex) { return WorkResult<ImportedWorkflow>.Invalid(ex.Errors, "The file is not a valid workflow."); }
        var doc = parsed.Document;

        var result = await store.WriteAsync<ImportedWorkflow>(async (db, _) =>
        {
            var errors = (await StudioRules.ValidateAsync(db, doc.Steps, ct)).ToList();
            if (doc.OutcomePrice < 0) errors.Add(new("outcomePrice", "Outcome price cannot be negative."));
            var now = store.Now;
            var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Key == doc.Key, ct);
            var created = workflow is null;
            try { workflow ??= Workflow.Create(doc.Key, doc.Name, doc.Description, now); }
            catch (ValidationFailedException ex) { errors.AddRange(ex.Errors); }
            if (errors.Count > 0) return WorkResult<ImportedWorkflow>.Invalid(errors.Select(parsed.Locate).ToList(), "The workflow in the file is not valid.");

            var number = created ? 1 : await StudioRules.NextNumberAsync(db, workflow!.Id, ct);
            var draft = WorkflowVersion.Draft(workflow!, number, doc.Steps, doc.OutcomePrice, actor.Name, now);
            if (created) db.Workflows.Add(workflow!);
            db.WorkflowVersions.Add(draft);
            var inForce = created ? null : await catalog.LatestPublishedAsync(db, doc.Key, ct);
            var changes = inForce is { } p ? WorkflowDiff.Compare(p.Version.Steps, draft.Steps, p.Version.OutcomePrice, draft.OutcomePrice) : [];
            db.Record(now, actor, "workflow.imported", "workflow", doc.Key, null,
                new { Draft = number, CreatedWorkflow = created, Steps = draft.Steps.Count, Changes = StudioRules.Describe(changes) });
            return WorkResult<ImportedWorkflow>.Ok(new(doc.Key, number, created));
        }, ct);
        if (result.Succeeded) catalog.Invalidate();
        return result;
    }
}
