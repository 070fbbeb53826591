using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// Starts an agent run on a queued task: one conditional UPDATE that checks the task still waits for this agent and
/// that the agent is under its concurrency cap, so a run starts at most once and the cap holds across processes.
/// It mirrors the guard of <see cref="WorkTask.StartAgent"/> in SQL.
/// </summary>
internal static class AgentRunStart
{
    public static async Task<bool> TryStartAsync(OrchestratorDbContext db, Guid taskId, string agentKey, int maxConcurrency,
        DateTime now, DateTime leaseEnd, Guid token, CancellationToken ct) =>
        await db.Tasks
            .Where(t => t.Id == taskId && t.Status == WorkTaskStatus.Queued && t.Route == TaskRoute.Agent && t.AgentProfileKey == agentKey
                        && db.Tasks.Count(r => r.AgentProfileKey == agentKey && r.Status == WorkTaskStatus.Running) < maxConcurrency)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, WorkTaskStatus.Running)
                .SetProperty(t => t.ClaimedAt, now)
                .SetProperty(t => t.LeaseExpiresAt, leaseEnd)
                .SetProperty(t => t.ClaimToken, token)
                .SetProperty(t => t.Attempt, t => t.Attempt + 1)
                .SetProperty(t => t.Version, t => t.Version + 1), ct) == 1;
}
