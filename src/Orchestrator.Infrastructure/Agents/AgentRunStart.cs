using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// Starts agent runs on queued tasks with conditional UPDATEs that check each task still waits for this agent and that
/// the agent stays under its concurrency cap, so a run starts at most once and the cap holds across processes.
/// They mirror the guard of <see cref="WorkTask.StartAgent"/> in SQL.
/// </summary>
internal static class AgentRunStart
{
    /// <param name="attempt">When given, the task must still be on this attempt: the caller then knows the started row without reading it back.</param>
    public static async Task<bool> TryStartAsync(OrchestratorDbContext db, Guid taskId, string agentKey, int maxConcurrency,
        DateTime now, DateTime leaseEnd, Guid token, CancellationToken ct, int? attempt = null) =>
        await db.Tasks
            .Where(t => t.Id == taskId && t.Status == WorkTaskStatus.Queued && t.Route == TaskRoute.Agent && t.AgentProfileKey == agentKey
                        && (attempt == null || t.Attempt == attempt)
                        && db.Tasks.Count(r => r.AgentProfileKey == agentKey && r.Status == WorkTaskStatus.Running) < maxConcurrency)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, WorkTaskStatus.Running)
                .SetProperty(t => t.ClaimedAt, now)
                .SetProperty(t => t.LeaseExpiresAt, leaseEnd)
                .SetProperty(t => t.ClaimToken, token)
                .SetProperty(t => t.Attempt, t => t.Attempt + 1)
                .SetProperty(t => t.Version, t => t.Version + 1), ct) == 1;

    /// <summary>
    /// Starts up to <paramref name="max"/> of the agent's waiting tasks (priority, then age), never more than its free
    /// slots. Call inside a write transaction: the count of running tasks and the update must see the same state.
    /// Returns the started tasks (they share <paramref name="token"/>, and each its own new attempt number), and whether
    /// more may wait: the cap or <paramref name="max"/> stopped the start, not the queue running dry.
    /// </summary>
    public static async Task<(List<WorkTask> Started, bool MoreMayWait)> StartManyAsync(OrchestratorDbContext db, string agentKey, int maxConcurrency, int max,
        DateTime now, DateTime leaseEnd, Guid token, CancellationToken ct)
    {
        // On PostgreSQL instances start runs side by side: the agent's row puts their starts in line, so each counts the
        // runs the one before it started, and picks tasks after them rather than waiting on the same rows. SQLite lets
        // one writer in at a time anyway.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "AgentProfiles" WHERE "Key" = {agentKey} FOR NO KEY UPDATE""", ct);
        var running = await db.Tasks.CountAsync(t => t.AgentProfileKey == agentKey && t.Status == WorkTaskStatus.Running, ct);
        var take = Math.Min(max, maxConcurrency - running);
        if (take <= 0) return ([], true);
        var next = db.Tasks.Where(t => t.AgentProfileKey == agentKey && t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).Select(t => t.Id).Take(take);
        var started = await db.Tasks
            .Where(t => next.Contains(t.Id) && t.Status == WorkTaskStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, WorkTaskStatus.Running)
                .SetProperty(t => t.ClaimedAt, now)
                .SetProperty(t => t.LeaseExpiresAt, leaseEnd)
                .SetProperty(t => t.ClaimToken, token)
                .SetProperty(t => t.Attempt, t => t.Attempt + 1)
                .SetProperty(t => t.Version, t => t.Version + 1), ct);
        var tasks = started == 0 ? [] : await db.Tasks.AsNoTracking().Where(t => t.ClaimToken == token && t.AgentProfileKey == agentKey).ToListAsync(ct);
        return (tasks, started == take);
    }
}
