using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>One model version as the Models page and the API show it.</summary>
public sealed record ModelVersionView(Guid Id, string ProfileKey, int Number, string Status, bool Champion, int TrainingSize, DateTime DataFrom, DateTime DataTo,
    string Trainer, double Accuracy, double AccuracyLow, double AccuracyHigh, int Tested, double MajorityBaseline, double Ece,
    IReadOnlyList<CalibrationBand> Calibration, DateTime CreatedAt, DateTime? PromotedAt, string? PromotedBy, string? StatusReason);

public sealed class ModelQueries(IDbContextFactory<OrchestratorDbContext> contexts)
{
    /// <summary>The step's versions, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersionView>> VersionsAsync(string workflowKey, string stepKey, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.WorkflowKey == workflowKey && v.StepKey == stepKey).ToListAsync(ct);
        return versions.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Number).Select(View).ToList();
    }

    public static ModelVersionView View(ModelVersion v)
    {
        var metrics = v.Metrics;
        var interval = v.AccuracyInterval;
        return new ModelVersionView(v.Id, v.ProfileKey, v.Number, v.Status.ToString(), v.IsChampion, v.TrainingSize, v.DataFrom, v.DataTo, v.Trainer,
            v.Accuracy, Math.Round(interval.Low, 4), Math.Round(interval.High, 4), metrics.Tested, metrics.MajorityBaseline, v.Ece, v.Curve,
            v.CreatedAt, v.PromotedAt, v.PromotedBy, v.StatusReason);
    }
}
