using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// Writes the demo's history in the background after a first start, then opens today's first cases. One instance of a
/// cluster writes it (<see cref="Cluster.ClusterOnce"/>); the others look again every half minute while it is pending,
/// so a run cut short is resumed. A run that fails gives up for good, so the living demo is not held back.
/// </summary>
public sealed class DemoHistoryService(DemoHistory history, DemoOptions options, Cluster.ClusterOnce cluster, IServiceScopeFactory scopes,
    ILogger<DemoHistoryService> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || !options.Backfill.Enabled) return;
        await Task.Yield(); // let the host finish starting
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await history.IsPendingAsync(stoppingToken)) return;
                await cluster.RunAsync("demo-history", Retry, WriteAsync, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogError(ex, "Writing the demo history failed; the living demo goes on without it");
                await history.AbandonAsync($"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
                await OpenTodaysCasesAsync(CancellationToken.None);
                return;
            }
            await Task.Delay(Retry, stoppingToken);
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        if (await history.RunAsync(ct) > 0) await OpenTodaysCasesAsync(ct);
    }

    private async Task OpenTodaysCasesAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().OpenInitialCasesAsync(ct);
    }
}
