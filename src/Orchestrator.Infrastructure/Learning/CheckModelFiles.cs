using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>
/// On start, loads every champion model from its files. One that is missing or unreadable is marked unusable with an
/// alert saying why; its step's tasks go to people (the learning agent finds no champion) until another version serves.
/// </summary>
public sealed class CheckModelFiles(IDbContextFactory<OrchestratorDbContext> contexts, WorkflowCatalog catalog, ModelRegistry registry, ModelAlerts alerts,
    ILogger<CheckModelFiles> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        try { await CheckAsync(ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Checking model files failed"); }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<int> CheckAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var champions = await db.ModelVersions.AsNoTracking().Where(v => v.Status == ModelVersionStatus.Champion).ToListAsync(ct);
        var unusable = 0;
        foreach (var champion in champions)
        {
            var published = await catalog.LatestPublishedAsync(db, champion.WorkflowKey, ct);
            var step = published?.Version.Steps.FirstOrDefault(s => s.Key == champion.StepKey);
            string? reason = step is null ? $"its step {champion.WorkflowKey}/{champion.StepKey} is no longer published." : null;
            if (step is not null)
            {
                try { registry.Get(champion, step); }
                catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or IOException) { reason = ex.Message; }
            }
            if (reason is null) continue;
            unusable++;
            logger.LogWarning("Model {Profile} v{Number} at {Workflow}/{Step} is unusable: {Reason}", champion.ProfileKey, champion.Number, champion.WorkflowKey, champion.StepKey, reason);
            await alerts.MarkUnusableAsync(champion.Id, reason, ct);
        }
        return unusable;
    }
}
