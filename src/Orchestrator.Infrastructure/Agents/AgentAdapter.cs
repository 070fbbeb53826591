using System.Text.Json.Nodes;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>What an agent is asked: one step of one case.</summary>
public sealed record AgentRequest(Guid TaskId, int Attempt, StepDefinition Step, JsonObject Input, AgentProfile Profile, JsonObject? GroundTruth);

/// <summary>What an agent answered. Cost null means: price it from the profile and the tokens.</summary>
public sealed record AgentAnswer(JsonObject Output, double Confidence, int Tokens, decimal? Cost = null);

/// <summary>A failure worth another try (timeouts, 5xx, connection resets).</summary>
public sealed class AgentTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An answer that can never be used (not JSON, too large, missing confidence).</summary>
public sealed class AgentAnswerException(string message, JsonObject? draft = null) : Exception(message)
{
    public JsonObject? Draft { get; } = draft;
}

/// <summary>The contract every agent kind implements; implementations are sealed and registered by kind.</summary>
public abstract class AgentAdapter
{
    public abstract AgentKind Kind { get; }
    public abstract Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct);
}
