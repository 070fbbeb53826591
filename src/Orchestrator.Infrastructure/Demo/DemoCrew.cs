using Orchestrator.Domain.Quality;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// The demo's simulated crew: accounts that cannot sign in, working human tasks through exactly the paths people use
/// (next-task claims with their capacity, leases, completion with validation), with handle times drawn from a range and
/// answers from the case's ground truth, right most of the time. It leaves the last few waiting tasks of each step for
/// the real people signed in beside it.
/// </summary>
public sealed class DemoCrew(IDbContextFactory<OrchestratorDbContext> contexts, ClaimTask claims, CompleteTask complete, WorkflowCatalog catalog,
    Cluster.ClusterOnce cluster, DemoOptions options, TimeProvider clock, ILogger<DemoCrew> logger) : BackgroundService
{
    private readonly Random _random = new(options.Seed);
    private readonly Dictionary<Guid, DateTime> _doneAt = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || options.CrewSize <= 0) return;
        var period = TimeSpan.FromSeconds(3);
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // One crew for the cluster, not one per instance.
            try { await cluster.RunAsync("demo-crew", period, TickAsync, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { logger.LogWarning(ex, "Demo crew tick failed"); }
        }
    }

    public async Task TickAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await DemoHistory.IsPendingAsync(db, ct)) return; // the crew starts today, after the history is written
        var crew = await db.Workers.AsNoTracking().Where(w => w.IsSimulated).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var member in crew)
        {
            var held = await db.Tasks.AsNoTracking().Where(t => t.AssigneeId == member.UserId && t.Status == WorkTaskStatus.Claimed).ToListAsync(ct);
            foreach (var task in held)
            {
                var due = _doneAt.TryGetValue(task.Id, out var d) ? d : _doneAt[task.Id] = now.AddSeconds(_random.Next(options.CrewMinSeconds, options.CrewMaxSeconds + 1));
                if (now < due) continue;
                _doneAt.Remove(task.Id);
                var output = await DemoAnswers.ForAsync(db, catalog, task, _random, options.CrewAccuracy, ct);
                var result = await complete.HandleAsync(member.UserId, task.Id, output, ct);
                if (!result.Succeeded) logger.LogDebug("Crew {Member} could not complete {Task}: {Message}", member.DisplayName, task.Id, result.Message);
            }
            if (held.Count < member.Capacity && await WaitingAsync(db, ct) > options.CrewLeavesForPeople)
                await claims.NextAsync(member.UserId, ct);
        }
    }

    private static Task<int> WaitingAsync(OrchestratorDbContext db, CancellationToken ct) =>
        db.Tasks.CountAsync(t => t.Route == TaskRoute.Human && (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Escalated), ct);
}
