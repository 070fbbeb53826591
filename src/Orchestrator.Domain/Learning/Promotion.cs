using Orchestrator.Domain.Quality;

namespace Orchestrator.Domain.Learning;

public sealed record PromotionVerdict(bool Better, double Difference, double Low, string Reason);

/// <summary>
/// Whether a challenger model beats the champion by at least a margin with 95% confidence: a one-sided test on the
/// difference of two proportions measured on the same held-out slice (unpooled normal interval, Newcombe-style
/// conservative enough at the hundreds of examples a held-out slice holds).
/// </summary>
public static class Promotion
{
    /// <summary>z for a one-sided 95% bound.</summary>
    public const double Z95OneSided = 1.6448536269514722;

    public static PromotionVerdict Compare(Proportion challenger, Proportion champion, double margin)
    {
        if (!challenger.IsMeasured || !champion.IsMeasured)
            return new(false, 0, 0, "Not enough held-out examples to compare the two versions.");
        var difference = challenger.Value - champion.Value;
        var se = Math.Sqrt(challenger.Value * (1 - challenger.Value) / challenger.Trials + champion.Value * (1 - champion.Value) / champion.Trials);
        // With both at 0% or 100% there is no spread; take the Wilson bounds instead of claiming certainty.
        var low = se > 0 ? difference - Z95OneSided * se : challenger.Low - champion.High;
        var better = low > margin;
        var reason = better
            ? $"Challenger accuracy {challenger.Value:P1} beats the champion's {champion.Value:P1} by {difference:P1}; with 95% confidence by more than the {margin:P1} margin."
            : $"Challenger accuracy {challenger.Value:P1} against the champion's {champion.Value:P1} ({difference:+0.0%;-0.0%}): the 95% lower bound {low:+0.0%;-0.0%} does not clear the {margin:P1} margin.";
        return new(better, difference, low, reason);
    }
}
