using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Api;

public sealed record CreateCaseBody(string Workflow, string? ExternalId, int? Priority, JsonObject Payload);

public sealed record TaskDto(Guid Id, string Step, string StepName, string Kind, string Status, string Route, string RouteReason,
    string? Assignee, string? Agent, int Attempt, DateTime CreatedAt, DateTime? CompletedAt, double? Confidence, decimal Cost,
    string? EscalationReason, JsonObject? Output);

public sealed record CaseDto(Guid Id, string Workflow, int WorkflowVersion, string? ExternalId, int Priority, string Status, string? CurrentStep,
    DateTime CreatedAt, DateTime? CompletedAt, decimal OutcomePrice, decimal Cost, decimal Margin, JsonObject Payload, IReadOnlyList<TaskDto> Tasks);

public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").RequireAuthorization(Policies.ApiCases).WithTags("Cases");
        cases.MapPost("/", CreateAsync)
            .Accepts<CreateCaseBody>("application/json")
            .Produces<CaseDto>(StatusCodes.Status201Created).Produces<CaseDto>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .WithSummary("Open a case; the same externalId again returns the existing case.");
        cases.MapGet("/{id:guid}", GetAsync).Produces<CaseDto>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A case with its tasks and their statuses.");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, OpenCase openCase, IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var workflow = JsonBody.String(body!, "workflow", out problem);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(workflow)) errors.Add(new("workflow", "Workflow key is required."));
        var externalId = JsonBody.String(body!, "externalId", out problem);
        if (problem is not null) return problem;
        var priority = 0;
        if (body!.TryGetPropertyValue("priority", out var p) && p is not null)
        {
            if (p.GetValueKind() != JsonValueKind.Number || !p.AsValue().TryGetValue(out priority))
                errors.Add(new("priority", "Priority must be a whole number from 0 to 100."));
        }
        if (!body.TryGetPropertyValue("payload", out var payloadNode) || payloadNode is not JsonObject payload)
        {
            errors.Add(new("payload", "Payload is required and must be a JSON object."));
            payload = new JsonObject();
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var actor = Actor.User(request.HttpContext.User.UserId() ?? "api", request.HttpContext.User.Identity?.Name ?? "api");
        var result = await openCase.HandleAsync(new OpenCaseRequest(workflow!, externalId, priority, (JsonObject)payload.DeepClone()), actor, ct);
        if (!result.Succeeded) return Problems.From(result);
        var dto = await LoadAsync(contexts, result.Value!.Case.Id, ct);
        return result.Value.Created
            ? TypedResults.Created($"/api/v1/cases/{dto!.Id}", dto)
            : TypedResults.Ok(dto);
    }

    private static async Task<IResult> GetAsync(Guid id, IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct) =>
        await LoadAsync(contexts, id, ct) is { } dto
            ? TypedResults.Ok(dto)
            : TypedResults.Problem($"No case has the id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static async Task<CaseDto?> LoadAsync(IDbContextFactory<OrchestratorDbContext> contexts, Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.CaseId == id).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return ToDto(c, tasks);
    }

    public static CaseDto ToDto(Case c, IEnumerable<WorkTask> tasks) => new(
        c.Id, c.WorkflowKey, c.WorkflowVersionNumber, c.ExternalId, c.Priority, c.Status.ToString(), c.CurrentStepKey,
        c.CreatedAt, c.CompletedAt, c.OutcomePrice, c.TotalCost, c.Margin, c.Payload,
        tasks.Select(t => new TaskDto(t.Id, t.StepKey, t.StepName, t.Kind.ToString(), t.Status.ToString(), t.Route.ToString(), t.RouteReason,
            t.AssigneeName, t.AgentProfileKey, t.Attempt, t.CreatedAt, t.CompletedAt, t.Confidence, t.Cost, t.EscalationReason, t.Output)).ToList());
}
