using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Quality;

public enum BreachKind { BelowTarget, Drift }

/// <summary>The numbers behind a breach, kept with the action it caused.</summary>
public sealed record BreachEvidence(BreachKind Kind, double Target, int Window, int Reviews, int RecentPasses, int RecentReviews,
    double RecentLow, double RecentHigh, double? BaselineAccuracy, int? BaselineReviews, double? CusumStatistic)
{
    public double RecentAccuracy => RecentReviews == 0 ? 0 : (double)RecentPasses / RecentReviews;

    public string Describe() => Kind switch
    {
        BreachKind.BelowTarget =>
            $"accuracy {RecentPasses}/{RecentReviews} = {Pct(RecentAccuracy)} over the last {RecentReviews} reviews " +
            $"(95% interval {Pct(RecentLow)}–{Pct(RecentHigh)}) is below the {Pct(Target)} target",
        _ => $"accuracy drifted from {Pct(BaselineAccuracy ?? 0)} (baseline: the first {BaselineReviews} reviews) to {Pct(RecentAccuracy)} " +
             $"over the last {RecentReviews} (CUSUM {CusumStatistic:0.0} ≥ {DriftDetector.Threshold:0.0})",
    };

    private static string Pct(double share) => (share * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

/// <summary>
/// A step's quality is breached when, over its recent window of verdicts, the whole 95% interval of accuracy lies below
/// the target (below target with confidence, not just by the point estimate), or when its accuracy drifted down from
/// its baseline.
/// </summary>
public static class BreachCheck
{
    /// <summary>Verdicts in time order, oldest first. Null when there is no breach.</summary>
    public static BreachEvidence? Check(QualityPolicy policy, IReadOnlyList<bool> verdicts)
    {
        var window = Math.Max(1, policy.DriftWindow);
        var recent = verdicts.Skip(Math.Max(0, verdicts.Count - window)).ToList();
        if (recent.Count >= Math.Max(1, policy.MinimumSamples))
        {
            var accuracy = Proportion.Of(recent.Count(v => v), recent.Count);
            if (accuracy.High < policy.AccuracyTarget)
                return new(BreachKind.BelowTarget, policy.AccuracyTarget, window, verdicts.Count, accuracy.Successes, accuracy.Trials,
                    accuracy.Low, accuracy.High, null, null, null);
        }
        var drift = DriftDetector.Check(verdicts, window);
        return drift.Drifted
            ? new(BreachKind.Drift, policy.AccuracyTarget, window, verdicts.Count, drift.Recent.Successes, drift.Recent.Trials,
                drift.Recent.Low, drift.Recent.High, drift.Baseline.Value, drift.Baseline.Trials, drift.Statistic)
            : null;
    }
}
