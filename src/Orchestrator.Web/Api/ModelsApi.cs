using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Api;

public sealed record ModelVersionDto(string Agent, int Version, string Status, bool Champion, int TrainingSize, DateTime DataFrom, DateTime DataTo, string Trainer,
    double Accuracy, double AccuracyLow, double AccuracyHigh, int HeldOut, double CalibrationError, DateTime CreatedAt, DateTime? PromotedAt);

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workflows/{key}/steps/{step}/models", ListAsync).RequireAuthorization(Policies.ApiCases).WithTags("Workflows")
            .Produces<IReadOnlyList<ModelVersionDto>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The learning agent's model versions at a step: training size, held-out accuracy with its 95% interval, calibration error, which is champion.");
        return api;
    }

    private static async Task<IResult> ListAsync(string key, string step, IDbContextFactory<OrchestratorDbContext> contexts, WorkflowCatalog catalog, ModelQueries models, CancellationToken ct)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var published = await catalog.LatestPublishedAsync(db, key, ct);
            if (published is null) return TypedResults.Problem($"No published workflow has the key '{key}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
            if (published.Value.Version.Steps.All(s => s.Key != step))
                return TypedResults.Problem($"Workflow '{key}' has no step '{step}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
        }
        var versions = await models.VersionsAsync(key, step, ct);
        return TypedResults.Ok(versions.Select(v => new ModelVersionDto(v.ProfileKey, v.Number, v.Status, v.Champion, v.TrainingSize, v.DataFrom, v.DataTo, v.Trainer,
            v.Accuracy, v.AccuracyLow, v.AccuracyHigh, v.Tested, v.Ece, v.CreatedAt, v.PromotedAt)).ToList());
    }
}
