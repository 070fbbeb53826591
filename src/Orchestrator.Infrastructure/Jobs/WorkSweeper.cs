using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Jobs;

/// <summary>
/// Every few seconds, and once at start-up: returns tasks whose lease ran out to their queue, fills each built-in
/// agent's free slots with its oldest waiting tasks, and raises SLA-breach alerts. This is what recovers work after a crash (runs cut off, jobs never
/// enqueued); both halves are safe to run on every instance at once.
/// </summary>
public sealed class WorkSweeper(SweepLeases leases, Alerts.AlertService alerts, IDbContextFactory<OrchestratorDbContext> contexts, IAgentDispatcher agents,
    Cluster.ClusterOnce cluster, Demo.DemoHistory history, WorkOptions options, DataStoreOptions store, ILogger<WorkSweeper> logger) : BackgroundService
{
    private static readonly DateTime ProcessStart = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        // One process owns an embedded store: the agent runs it left Running when it stopped can start again at once.
        if (store.IsSqlite)
        {
            try
            {
                if (!await history.IsPendingAsync(stoppingToken) && await leases.RecoverCutOffRunsAsync(ProcessStart, stoppingToken) is > 0 and var recovered)
                    logger.LogInformation("{Count} agent runs cut off by the last stop went back to their queue", recovered);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogWarning(ex, "Returning cut-off agent runs failed; their leases return them later"); }
        }
        do
        {
            try
            {
                await cluster.RunAsync("sweep", options.SweepInterval, async ct =>
                {
                    // The demo's history holds leases and SLAs on its own clock, weeks ago; its tasks are not today's to sweep.
                    if (await history.IsPendingAsync(ct)) return;
                    await leases.HandleAsync(ct);
                    await FillAgentSlotsAsync(ct);
                    await alerts.RaiseSlaBreachesAsync(ct);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { logger.LogWarning(ex, "Work sweep failed; it runs again shortly"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task FillAgentSlotsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var profiles = await db.AgentProfiles.AsNoTracking()
            .Where(a => a.Status == AgentStatus.Active && a.Kind != AgentKind.ExternalPull).ToListAsync(ct);
        var ids = new List<Guid>();
        foreach (var p in profiles)
        {
            var running = await db.Tasks.CountAsync(t => t.AgentProfileKey == p.Key && t.Status == WorkTaskStatus.Running, ct);
            var free = p.MaxConcurrency - running;
            if (free <= 0) continue;
            ids.AddRange(await db.Tasks.AsNoTracking()
                .Where(t => t.AgentProfileKey == p.Key && t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued)
                .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).Select(t => t.Id).Take(free).ToListAsync(ct));
        }
        if (ids.Count > 0) await agents.DispatchAsync(ids, ct);
    }
}
