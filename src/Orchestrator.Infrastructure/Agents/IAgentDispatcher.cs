namespace Orchestrator.Infrastructure.Agents;

/// <summary>Starts agent runs for tasks routed to agents, after the routing committed.</summary>
public interface IAgentDispatcher
{
    Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default);
}
