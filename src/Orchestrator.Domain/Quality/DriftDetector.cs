namespace Orchestrator.Domain.Quality;

/// <summary>What the drift check found for one stream of review verdicts.</summary>
public sealed record DriftResult(bool Drifted, Proportion Baseline, Proportion Recent, double Statistic, int? FirstAlarmAt);

/// <summary>
/// Drift as a Bernoulli CUSUM (Reynolds and Stoumbos, 1999), checked after every verdict of a stream (one step, agent
/// profile and version, oldest first). The stream's first <see cref="BaselineWindows"/> × window verdicts are its
/// baseline; its accuracy, less one standard error (so a lucky baseline does not make an ordinary stretch look like a
/// fall), is p0. Every later verdict adds its log-likelihood ratio of "accuracy fell by <see cref="Shift"/>" against
/// "accuracy is p0"; the sum, floored at zero, alarms at <see cref="Threshold"/>. Unlike a test repeated on every new
/// window, the CUSUM's false-alarm rate holds for the whole stream however often it is checked. docs/QUALITY.md has
/// the numbers; DriftDetectorTests measures them.
/// </summary>
public static class DriftDetector
{
    /// <summary>The fall in accuracy the detector is tuned to: ten points.</summary>
    public const double Shift = 0.10;

    /// <summary>Chosen by simulation so that under 5% of stationary streams alarm within 500 verdicts after the baseline.</summary>
    public const double Threshold = 6.0;

    public const int BaselineWindows = 4;

    public static DriftResult Check(IReadOnlyList<bool> verdicts, int window)
    {
        window = Math.Max(5, window);
        var baselineSize = BaselineWindows * window;
        if (verdicts.Count <= baselineSize) return new(false, Count(verdicts, 0, verdicts.Count), Proportion.Of(0, 0), 0, null);
        var recent = Count(verdicts, Math.Max(baselineSize, verdicts.Count - window), verdicts.Count);

        var baseline = Count(verdicts, 0, baselineSize);
        var p = baseline.Value;
        var p0 = Math.Clamp(p - Math.Sqrt(p * (1 - p) / baselineSize), 0.5, 0.99);
        var p1 = p0 - Shift;
        double pass = Math.Log(p1 / p0), fail = Math.Log((1 - p1) / (1 - p0));
        double s = 0;
        int? firstAlarm = null;
        for (var i = baselineSize; i < verdicts.Count; i++)
        {
            s = Math.Max(0, s + (verdicts[i] ? pass : fail));
            if (s >= Threshold) firstAlarm ??= i;
        }
        return new(s >= Threshold, baseline, recent, s, firstAlarm);
    }

    private static Proportion Count(IReadOnlyList<bool> verdicts, int from, int to)
    {
        var passes = 0;
        for (var i = from; i < to; i++) if (verdicts[i]) passes++;
        return Proportion.Of(passes, to - from);
    }
}
