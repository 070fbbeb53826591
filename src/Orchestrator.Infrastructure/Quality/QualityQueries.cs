using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality;

/// <summary>One step × agent profile × version over a period, with its policy and what was measured.</summary>
public sealed record StratumQuality(string WorkflowKey, string StepKey, string StepName, string AgentProfileKey, string AgentVersion,
    QualityPolicy Policy, StratumMeasures Measures, int Sampled, int AwaitingReview, bool Breached);

public sealed record AccuracyPoint(DateTime Day, Proportion Accuracy);

/// <summary>What the Quality page reads. Verdicts live in QualityReviews, one row per reviewed agent output.</summary>
public sealed class QualityQueries(IDbContextFactory<OrchestratorDbContext> contexts, WorkflowCatalog catalog)
{
    public async Task<IReadOnlyList<StratumQuality>> StrataAsync(DateTime from, DateTime to, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var reviews = await db.QualityReviews.AsNoTracking().Where(r => r.SampledAt >= from && r.SampledAt < to).ToListAsync(ct);
        var handled = await db.Tasks.AsNoTracking()
            .Where(t => t.Kind == TaskKind.Step && t.AgentProfileKey != null && t.CreatedAt >= from && t.CreatedAt < to
                        && (t.WasEscalated || (t.Status == WorkTaskStatus.Completed && t.CompletedBy == t.AgentProfileKey)))
            .GroupBy(t => new { t.WorkflowKey, t.StepKey, t.AgentProfileKey })
            .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, g.Key.AgentProfileKey, Handled = g.Count(), Escalated = g.Count(t => t.WasEscalated) })
            .ToListAsync(ct);
        var open = await db.QualityBreaches.AsNoTracking().Where(b => b.Status == BreachStatus.Open)
            .Select(b => new { b.WorkflowKey, b.StepKey, b.AgentProfileKey, b.AgentVersion }).ToListAsync(ct);
        var steps = await StepsAsync(db, reviews.Select(r => r.WorkflowKey).Distinct(), ct);
        return reviews.GroupBy(r => (r.WorkflowKey, r.StepKey, r.AgentProfileKey, r.AgentVersion))
            .Select(g =>
            {
                var step = steps.GetValueOrDefault((g.Key.WorkflowKey, g.Key.StepKey));
                var counts = handled.FirstOrDefault(h => h.WorkflowKey == g.Key.WorkflowKey && h.StepKey == g.Key.StepKey && h.AgentProfileKey == g.Key.AgentProfileKey);
                var verdicts = g.Where(r => r.IsReviewed).Select(r => new VerdictFact(r.Passed!.Value, r.Confidence, r.SampledAt, r.ReviewedAt!.Value)).ToList();
                return new StratumQuality(g.Key.WorkflowKey, g.Key.StepKey, step?.Name ?? g.Key.StepKey, g.Key.AgentProfileKey, g.Key.AgentVersion,
                    step?.Quality ?? new QualityPolicy(), QualityMeasures.Of(verdicts, counts?.Escalated ?? 0, counts?.Handled ?? 0),
                    g.Count(), g.Count(r => !r.IsReviewed),
                    open.Any(b => b.WorkflowKey == g.Key.WorkflowKey && b.StepKey == g.Key.StepKey && b.AgentProfileKey == g.Key.AgentProfileKey && b.AgentVersion == g.Key.AgentVersion));
            })
            .OrderBy(s => s.WorkflowKey).ThenBy(s => s.StepName).ThenBy(s => s.AgentProfileKey).ThenBy(s => s.AgentVersion).ToList();
    }

    /// <summary>Accuracy per day of one step (all its agents), for the trend chart.</summary>
    public async Task<IReadOnlyList<AccuracyPoint>> DailyAccuracyAsync(string workflowKey, string stepKey, DateTime from, DateTime to, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var verdicts = await db.QualityReviews.AsNoTracking()
            .Where(r => r.WorkflowKey == workflowKey && r.StepKey == stepKey && r.Passed != null && r.ReviewedAt >= from && r.ReviewedAt < to)
            .Select(r => new { r.ReviewedAt, Passed = r.Passed!.Value }).ToListAsync(ct);
        return verdicts.GroupBy(v => v.ReviewedAt!.Value.Date).OrderBy(g => g.Key)
            .Select(g => new AccuracyPoint(g.Key, Proportion.Of(g.Count(v => v.Passed), g.Count()))).ToList();
    }

    public async Task<IReadOnlyList<QualityBreach>> BreachesAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.QualityBreaches.AsNoTracking().OrderBy(b => b.Status == BreachStatus.Open ? 0 : 1).ThenByDescending(b => b.RaisedAt).Take(take).ToListAsync(ct);
    }

    private async Task<Dictionary<(string, string), StepDefinition>> StepsAsync(OrchestratorDbContext db, IEnumerable<string> workflowKeys, CancellationToken ct)
    {
        var steps = new Dictionary<(string, string), StepDefinition>();
        foreach (var key in workflowKeys)
            if (await catalog.LatestPublishedAsync(db, key, ct) is { } published)
                foreach (var step in published.Version.Steps) steps[(key, step.Key)] = step;
        return steps;
    }
}
