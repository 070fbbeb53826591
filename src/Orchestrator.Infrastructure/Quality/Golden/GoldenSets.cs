using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality.Golden;

/// <summary>
/// Orchestrators keep each step's golden set: examples entered one by one, imported from CSV (all rows or none), or
/// taken from a reviewed agent task with the reviewer's corrected (or accepted) output. Every change is audited.
/// </summary>
public sealed class GoldenSets(WorkStore store, WorkflowCatalog catalog)
{
    public Task<WorkResult<GoldenExample>> AddAsync(Actor actor, string workflowKey, string stepKey, JsonObject input, JsonObject expected, CancellationToken ct = default) =>
        store.WriteAsync<GoldenExample>(async (db, _) =>
        {
            var step = await PublishedStep.FindAsync(db, catalog, workflowKey, stepKey, ct);
            if (step is null) return WorkResult<GoldenExample>.NotFound(PublishedStep.Missing(workflowKey, stepKey));
            var errors = OutputValidator.Validate(step.Outputs, expected).Select(e => e with { Field = "expected." + e.Field }).ToList();
            if (errors.Count > 0) return WorkResult<GoldenExample>.Invalid(errors, "The expected output is not one the step would accept.");
            var example = Add(db, actor, workflowKey, stepKey, input, expected, GoldenSource.Entered, null);
            db.Record(store.Now, actor, "golden.example-added", "step", $"{workflowKey}/{stepKey}", after: new { input, expected });
            return WorkResult<GoldenExample>.Ok(example);
        }, ct);

    /// <summary>Imports every row of the CSV, or none: any bad row fails the import with each error as "row N, column".</summary>
    public Task<WorkResult<int>> ImportCsvAsync(Actor actor, string workflowKey, string stepKey, string csv, CancellationToken ct = default) =>
        store.WriteAsync<int>(async (db, _) =>
        {
            var step = await PublishedStep.FindAsync(db, catalog, workflowKey, stepKey, ct);
            if (step is null) return WorkResult<int>.NotFound(PublishedStep.Missing(workflowKey, stepKey));
            IReadOnlyList<GoldenExampleDraft> drafts;
            try { drafts = GoldenCsv.Parse(step, csv); }
            catch (ValidationFailedException ex) { return WorkResult<int>.Invalid(ex.Errors, $"Nothing was imported: {ex.Errors.Count} problem{(ex.Errors.Count == 1 ? "" : "s")} in the file."); }
            foreach (var d in drafts) Add(db, actor, workflowKey, stepKey, d.Input, d.Expected, GoldenSource.Imported, null);
            db.Record(store.Now, actor, "golden.imported", "step", $"{workflowKey}/{stepKey}", after: new { examples = drafts.Count });
            return WorkResult<int>.Ok(drafts.Count);
        }, ct);

    /// <summary>Takes a reviewed agent task into its step's golden set: its input, and the corrected output (or the accepted one).</summary>
    public Task<WorkResult<GoldenExample>> FromReviewAsync(Actor actor, long reviewId, CancellationToken ct = default) =>
        store.WriteAsync<GoldenExample>(async (db, _) =>
        {
            var review = await db.QualityReviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reviewId, ct);
            if (review is null) return WorkResult<GoldenExample>.NotFound("No such review.");
            if (!review.IsReviewed) return WorkResult<GoldenExample>.Refused("golden.not-reviewed", "The output has no verdict yet.");
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == review.ReviewedTaskId, ct);
            var expected = ReviewedOutput.Of(review.Passed, review.CorrectedOutputJson is null ? null : DomainJson.ParseObject(review.CorrectedOutputJson), task.Output);
            if (expected is null)
                return WorkResult<GoldenExample>.Refused("golden.no-reference", "The reviewer failed this output without a corrected output, so the right answer is unknown.");
            if (await db.Set<GoldenExample>().AnyAsync(e => e.ReviewedTaskId == task.Id, ct))
                return WorkResult<GoldenExample>.Conflict("golden.duplicate", "This reviewed task is already in the golden set.");
            var example = Add(db, actor, task.WorkflowKey, task.StepKey, task.Input, expected, GoldenSource.Review, task.Id);
            db.Record(store.Now, actor, "golden.example-added", "step", $"{task.WorkflowKey}/{task.StepKey}",
                after: new { reviewedTask = task.Id, expected }, reason: $"From review #{review.Id}");
            return WorkResult<GoldenExample>.Ok(example);
        }, ct);

    public Task<WorkResult<bool>> DeleteAsync(Actor actor, long exampleId, CancellationToken ct = default) =>
        store.WriteAsync<bool>(async (db, _) =>
        {
            var example = await db.Set<GoldenExample>().SingleOrDefaultAsync(e => e.Id == exampleId, ct);
            if (example is null) return WorkResult<bool>.NotFound("No such golden example.");
            db.Remove(example);
            db.Record(store.Now, actor, "golden.example-deleted", "step", $"{example.WorkflowKey}/{example.StepKey}",
                before: new { example.Id, input = example.Input, expected = example.Expected });
            return WorkResult<bool>.Ok(true);
        }, ct);

    private GoldenExample Add(OrchestratorDbContext db, Actor actor, string workflowKey, string stepKey, JsonObject input, JsonObject expected, GoldenSource source, Guid? reviewedTaskId)
    {
        var example = new GoldenExample
        {
            WorkflowKey = workflowKey, StepKey = stepKey, InputJson = DomainJson.Write(input), ExpectedJson = DomainJson.Write(expected),
            Source = source, ReviewedTaskId = reviewedTaskId, AddedBy = actor.Name, AddedAt = store.Now,
        };
        db.Set<GoldenExample>().Add(example);
        return example;
    }
}
