using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Telemetry;

/// <summary>
/// Queued tasks per workflow, step and route, as a gauge. The gauge's callback must not touch the database, so the
/// depths are counted on a timer and the callback reads the last count.
/// </summary>
public sealed class QueueDepthGauge(IDbContextFactory<OrchestratorDbContext> contexts, ILogger<QueueDepthGauge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private volatile IReadOnlyList<Measurement<long>> _last = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        OrchestratorTelemetry.Meter.CreateObservableGauge("orchestrator.queue.depth", () => _last, description: "Queued tasks by workflow, step and route.");
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try { _last = await CountAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { logger.LogWarning(ex, "Counting queue depths failed; the gauge keeps its last value"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<IReadOnlyList<Measurement<long>>> CountAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Tasks.AsNoTracking()
            .Where(t => t.Status == WorkTaskStatus.Queued)
            .GroupBy(t => new { t.WorkflowKey, t.StepKey, t.Route })
            .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, g.Key.Route, Count = g.LongCount() })
            .ToListAsync(ct);
        return rows.Select(r => new Measurement<long>(r.Count,
            new("workflow", r.WorkflowKey), new("step", r.StepKey), new("route", r.Route.ToString()))).ToList();
    }
}
