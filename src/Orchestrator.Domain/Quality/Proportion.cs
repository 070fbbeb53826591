namespace Orchestrator.Domain.Quality;

/// <summary>
/// A measured share (passes out of reviews, escalations out of tasks) with its Wilson score interval, which stays
/// inside [0, 1] and keeps its coverage for small samples and shares near 0 or 1, where the normal approximation fails.
/// </summary>
public readonly record struct Proportion(int Successes, int Trials, double Low, double High)
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The point estimate; 0 when nothing was measured.</summary>
    public double Value => Trials == 0 ? 0 : (double)Successes / Trials;

    public bool IsMeasured => Trials > 0;

    public static Proportion Of(int successes, int trials, double z = Z95)
    {
        if (trials < 0) throw new ArgumentOutOfRangeException(nameof(trials), "Trials cannot be negative.");
        if (successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), "Successes must be between 0 and the number of trials.");
        if (trials == 0) return new(0, 0, 0, 1);

        double n = trials, p = successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new(successes, trials, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
