namespace Orchestrator.Domain.Quality;

/// <summary>One verdict, reduced to what the measures need.</summary>
public sealed record VerdictFact(bool Passed, double? Confidence, DateTime SampledAt, DateTime ReviewedAt);

/// <summary>Accuracy of the outputs whose confidence fell in [From, To).</summary>
public sealed record CalibrationBand(double From, double To, Proportion Accuracy)
{
    public string Label => $"{From:0.0}–{Math.Min(To, 1):0.0}";
}

public sealed record Turnaround(TimeSpan Median, TimeSpan P90, int Count);

public sealed record StratumMeasures(Proportion Accuracy, Proportion EscalationRate, IReadOnlyList<CalibrationBand> Calibration, Turnaround? Turnaround);

/// <summary>The measures of one step × agent profile × version × period, from its verdicts and task counts.</summary>
public static class QualityMeasures
{
    /// <summary>Confidence bands: wide below 0.5, where few outputs land, finer above.</summary>
    public static readonly IReadOnlyList<(double From, double To)> Bands = [(0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001)];

    public static StratumMeasures Of(IReadOnlyList<VerdictFact> verdicts, int escalated, int handled) => new(
        Proportion.Of(verdicts.Count(v => v.Passed), verdicts.Count),
        Proportion.Of(Math.Min(escalated, handled), handled),
        Calibration(verdicts),
        TurnaroundOf(verdicts));

    public static IReadOnlyList<CalibrationBand> Calibration(IReadOnlyList<VerdictFact> verdicts) =>
        Bands.Select(b =>
        {
            var inBand = verdicts.Where(v => v.Confidence is { } c && c >= b.From && c < b.To).ToList();
            return new CalibrationBand(b.From, b.To, Proportion.Of(inBand.Count(v => v.Passed), inBand.Count));
        }).ToList();

    public static Turnaround? TurnaroundOf(IReadOnlyList<VerdictFact> verdicts)
    {
        if (verdicts.Count == 0) return null;
        var sorted = verdicts.Select(v => v.ReviewedAt - v.SampledAt).Order().ToList();
        return new Turnaround(Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted.Count);
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    private static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
