using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Api;

public sealed record ActivateBody(int Max, int LeaseSeconds);
public sealed record CompleteBody(JsonObject Output, double Confidence, decimal? Cost, int? Tokens);
public sealed record FailBody(string Error, bool Retryable);
public sealed record ExtendBody(int LeaseSeconds);
public sealed record TaskRunResult(Guid Id, string Outcome);
public sealed record LeaseResult(Guid Id, DateTime LeaseExpiresAt);

/// <summary>The pull API for external agents; the API key names the agent profile it works as.</summary>
public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").RequireAuthorization(Policies.ApiTasks).WithTags("External agents");
        tasks.MapPost("/activate", ActivateAsync).Accepts<ActivateBody>("application/json").Produces<IReadOnlyList<ActivatedTask>>().ProducesValidationProblem()
            .WithSummary("Up to max tasks routed to your agent profile, each locked to you until leaseSeconds pass.");
        tasks.MapPost("/{id:guid}/complete", CompleteAsync).Accepts<CompleteBody>("application/json").Produces<TaskRunResult>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Your answer; outputs under the step's confidence threshold escalate to people.");
        tasks.MapPost("/{id:guid}/fail", FailAsync).Accepts<FailBody>("application/json").Produces<TaskRunResult>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Give the task back: retryable failures return it to your queue (3 tries), others escalate to people.");
        tasks.MapPost("/{id:guid}/extend", ExtendAsync).Accepts<ExtendBody>("application/json").Produces<LeaseResult>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Keep the lease while you work.");
        return api;
    }

    private static string Agent(HttpContext http) => http.User.FindFirst(ApiKeyAuthentication.AgentClaim)!.Value;

    private static async Task<IResult> ActivateAsync(HttpRequest request, ExternalTasks tasks, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var max = Int(body!, "max", 1, errors);
        var lease = Int(body!, "leaseSeconds", 300, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        var result = await tasks.ActivateAsync(Agent(request.HttpContext), max, lease, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result);
    }

    private static async Task<IResult> CompleteAsync(Guid id, HttpRequest request, ExternalTasks tasks, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var output = body!["output"] as JsonObject;
        double? confidence = body["confidence"] is JsonValue c && c.GetValueKind() == JsonValueKind.Number ? c.GetValue<double>() : null;
        decimal? cost = null;
        if (body["cost"] is JsonValue k) { if (k.GetValueKind() == JsonValueKind.Number) cost = k.GetValue<decimal>(); else errors.Add(new("cost", "cost must be a number.")); }
        var tokens = Int(body, "tokens", 0, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        var result = await tasks.CompleteAsync(Agent(request.HttpContext), id, output, confidence, cost, tokens, ct);
        return result.Succeeded ? TypedResults.Ok(new TaskRunResult(id, result.Value.ToString())) : Problems.From(result);
    }

    private static async Task<IResult> FailAsync(Guid id, HttpRequest request, ExternalTasks tasks, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null) return problem;
        var error = JsonBody.String(body!, "error", out problem);
        if (problem is not null) return problem;
        var retryable = body!["retryable"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;
        var result = await tasks.FailAsync(Agent(request.HttpContext), id, error, retryable, ct);
        return result.Succeeded ? TypedResults.Ok(new TaskRunResult(id, result.Value == AgentRunOutcome.Busy ? "Requeued" : result.Value.ToString())) : Problems.From(result);
    }

    private static async Task<IResult> ExtendAsync(Guid id, HttpRequest request, ExternalTasks tasks, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var lease = Int(body!, "leaseSeconds", 300, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        var result = await tasks.ExtendAsync(Agent(request.HttpContext), id, lease, ct);
        return result.Succeeded ? TypedResults.Ok(new LeaseResult(id, result.Value)) : Problems.From(result);
    }

    private static int Int(JsonObject body, string name, int fallback, List<FieldError> errors)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return fallback;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i)) return i;
        errors.Add(new(name, $"{name} must be a whole number."));
        return fallback;
    }
}
