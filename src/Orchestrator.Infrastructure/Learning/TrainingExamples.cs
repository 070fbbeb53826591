using Orchestrator.Domain.Quality;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>
/// The labelled examples of a step: every step task a person completed (its input and output), every agent output a
/// reviewer corrected (the input with the corrected output) and every agent output a reviewer passed unchanged (a person
/// confirmed it). Unreviewed agent outputs are never labels: the agent would learn from itself.
/// </summary>
public static class TrainingExamples
{
    public static async Task<List<LabelledExample>> LoadAsync(OrchestratorDbContext db, string workflowKey, string stepKey, CancellationToken ct)
    {
        var human = await db.Tasks.AsNoTracking()
            .Where(t => t.WorkflowKey == workflowKey && t.StepKey == stepKey && t.Kind == TaskKind.Step && t.Status == WorkTaskStatus.Completed
                        && t.Route == TaskRoute.Human && t.OutputJson != null)
            .Select(t => new { t.Id, t.InputJson, t.OutputJson, t.CompletedAt })
            .ToListAsync(ct);
        var reviews = await db.Tasks.AsNoTracking()
            .Where(t => t.WorkflowKey == workflowKey && t.StepKey == stepKey && t.Kind == TaskKind.Review && t.Status == WorkTaskStatus.Completed && t.OutputJson != null)
            .Select(t => new { t.ReviewOfTaskId, t.InputJson, t.OutputJson, t.DraftJson, t.CompletedAt })
            .ToListAsync(ct);

        var examples = human.Select(t => new LabelledExample(t.Id, DomainJson.ParseObject(t.InputJson), DomainJson.ParseObject(t.OutputJson), t.CompletedAt ?? DateTime.MinValue)).ToList();
        foreach (var review in reviews)
        {
            var verdict = DomainJson.ParseObject(review.OutputJson);
            var label = ReviewVerdict.CorrectedOutput(verdict) ?? (Passed(verdict) && review.DraftJson is not null ? DomainJson.ParseObject(review.DraftJson) : null);
            if (label is null || review.ReviewOfTaskId is not { } reviewed) continue;
            examples.Add(new LabelledExample(reviewed, DomainJson.ParseObject(review.InputJson), label, review.CompletedAt ?? DateTime.MinValue));
        }
        return examples.OrderBy(e => e.At).ToList();
    }

    private static bool Passed(System.Text.Json.Nodes.JsonObject verdict) =>
        verdict[ReviewVerdict.Pass] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var passed) && passed;
}
