using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// What a simulated person answers for a task: the case's ground truth for the step, mistaken now and then like a person;
/// a review compares the agent's output with the truth and corrects it when wrong.
/// </summary>
public static class DemoAnswers
{
    public static async Task<JsonObject> ForAsync(OrchestratorDbContext db, WorkflowCatalog catalog, WorkTask task, Random random, double accuracy, CancellationToken ct)
    {
        var truthJson = await db.Cases.AsNoTracking().Where(c => c.Id == task.CaseId).Select(c => c.GroundTruthJson).SingleAsync(ct);
        var truth = DomainJson.ParseObject(truthJson)[task.StepKey] as JsonObject ?? new JsonObject();
        var step = (await catalog.VersionAsync(db, task.WorkflowVersionId, ct)).Step(task.StepKey);
        if (task.Kind == TaskKind.Review)
        {
            var agentOutput = task.Draft ?? new JsonObject();
            // Without ground truth for the step (a case from the API, say) there is nothing to judge by: approve.
            var right = truth.Count == 0 || step.Outputs.Where(f => f.Type is FieldType.Choice or FieldType.YesNo)
                .All(f => JsonNode.DeepEquals(agentOutput[f.Key], truth[f.Key]));
            var review = new JsonObject { [ReviewVerdict.Pass] = right };
            for (var i = 0; i < step.Quality.Rubric.Count; i++) review[ReviewVerdict.CriterionKey(i)] = right;
            if (!right) review[ReviewVerdict.Corrected] = truth.ToJsonString();
            return review;
        }
        var output = new JsonObject();
        foreach (var field in step.Outputs)
            output[field.Key] = truth[field.Key]?.DeepClone() ?? Plausible(field, task.Draft);
        var slip = step.Outputs.FirstOrDefault(f => f.Type == FieldType.Choice && f.Choices.Count > 1);
        if (slip is not null && random.NextDouble() > accuracy)
            output[slip.Key] = slip.Choices.First(c => c != output[slip.Key]?.ToString());
        return output;
    }

    private static JsonNode? Plausible(FieldDefinition field, JsonObject? draft) => draft?[field.Key]?.DeepClone() ?? field.Type switch
    {
        FieldType.Choice => field.Choices.FirstOrDefault(),
        FieldType.YesNo => true,
        FieldType.Number or FieldType.Money => 0,
        FieldType.Date => "2026-11-01",
        _ => field.Required ? "Checked by the demo crew." : null,
    };
}
