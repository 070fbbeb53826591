namespace Orchestrator.Domain.Learning;

/// <summary>One confidence band of a reliability curve: how sure the model said it was against how often it was right.</summary>
public sealed record CalibrationBand(double From, double To, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// Maps a model's raw confidence to the probability of being right, fitted on held-out data, as a monotone curve that
/// is interpolated linearly between its points. With few held-out examples (under <see cref="IsotonicFrom"/>) it is a
/// sigmoid in the log-odds of the raw confidence (Platt scaling, with Platt's smoothed targets): two parameters that a
/// few dozen examples pin down. Isotonic regression (pool adjacent violators) assumes no shape but needs many examples:
/// on 60 it makes three or four steps whose heights depend on which few answers happened to be wrong, sending nine in ten
/// right answers of a 0.6–0.7 raw band to people in one fit and answering a 0% band in the next.
/// </summary>
public sealed record Calibration(IReadOnlyList<double> Scores, IReadOnlyList<double> Probabilities)
{
    public static readonly Calibration Identity = new([0.0, 1.0], [0.0, 1.0]);
    /// <summary>Held-out examples from which isotonic regression is exact enough to be preferred to the sigmoid.</summary>
    public const int IsotonicFrom = 1000;
    /// <summary>Points of the sampled sigmoid: fine enough that the linear interpolation between them is off by well under a point.</summary>
    private const int SigmoidPoints = 101;
    /// <summary>Weight of the prior pulling the sigmoid's slope towards 1 (in units of the log loss's curvature).</summary>
    private const double SlopePrior = 4;

    public static Calibration Fit(IReadOnlyList<(double Score, bool Right)> heldOut) =>
        heldOut.Count == 0 ? Identity : heldOut.Count < IsotonicFrom ? Sigmoid(heldOut) : Isotonic(heldOut);

    /// <summary>Isotonic regression: blocks of (sum of scores, sum of rights, count), merged while a block is not above the one before.</summary>
    public static Calibration Isotonic(IReadOnlyList<(double Score, bool Right)> heldOut)
    {
        if (heldOut.Count == 0) return Identity;
        var sorted = heldOut.OrderBy(x => x.Score).ToList();
        var blocks = new List<(double Score, double Right, int N)>();
        foreach (var (score, right) in sorted)
        {
            blocks.Add((score, right ? 1 : 0, 1));
            while (blocks.Count > 1 && blocks[^2].Right / blocks[^2].N >= blocks[^1].Right / blocks[^1].N)
            {
                var last = blocks[^1];
                var prev = blocks[^2];
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (prev.Score + last.Score, prev.Right + last.Right, prev.N + last.N);
            }
        }
        var scores = blocks.Select(b => Math.Round(b.Score / b.N, 6)).ToList();
        var probabilities = blocks.Select(b => Math.Round(b.Right / b.N, 6)).ToList();
        return new Calibration(scores, probabilities);
    }

    /// <summary>
    /// Platt scaling: p = 1 / (1 + e^-(a·logit(score) + b)), fitted by Newton's method on the log loss against Platt's
    /// smoothed targets ((right + 1) / (rights + 2), 1 / (wrongs + 2)), which keep a fit on few examples off 0 and 1,
    /// with a weak prior on the slope (a = 1, the raw confidence's own log-odds, worth about <see cref="SlopePrior"/> examples'
    /// curvature): on a few dozen examples whose few wrong answers happen to sit at high raw confidence, the slope would
    /// otherwise fall to nothing and every answer would get the same confidence, unsure ones included. Never decreasing
    /// (a ≥ 0); sampled at evenly spaced raw confidences.
    /// </summary>
    public static Calibration Sigmoid(IReadOnlyList<(double Score, bool Right)> heldOut)
    {
        if (heldOut.Count == 0) return Identity;
        var rights = heldOut.Count(x => x.Right);
        var (hi, lo) = ((rights + 1.0) / (rights + 2.0), 1.0 / (heldOut.Count - rights + 2.0));
        var points = heldOut.Select(x => (Z: Logit(x.Score), T: x.Right ? hi : lo)).ToList();
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = SlopePrior * (a - 1), gb = 0, haa = SlopePrior, hab = 0, hbb = 1e-9;
            foreach (var (z, t) in points)
            {
                var p = 1 / (1 + Math.Exp(-(a * z + b)));
                var w = p * (1 - p);
                ga += (p - t) * z; gb += p - t;
                haa += w * z * z; hab += w * z; hbb += w;
            }
            var det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            var (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
            a -= da; b -= db;
            if (Math.Abs(da) < 1e-9 && Math.Abs(db) < 1e-9) break;
        }
        if (!(a >= 0) || double.IsNaN(b))
        {
            // No rise with the raw confidence to fit: every answer is as likely right as the held-out slice says.
            (a, b) = (0, Logit(hi * rights / heldOut.Count + lo * (heldOut.Count - rights) / heldOut.Count));
        }
        var scores = Enumerable.Range(0, SigmoidPoints).Select(i => (double)i / (SigmoidPoints - 1)).ToList();
        var probabilities = scores.Select(s => Math.Round(1 / (1 + Math.Exp(-(a * Logit(s) + b))), 6)).ToList();
        return new Calibration(scores, probabilities);
    }

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(p / (1 - p));
    }

    public double Apply(double score)
    {
        if (Scores.Count == 0) return score;
        if (score <= Scores[0]) return Probabilities[0];
        if (score >= Scores[^1]) return Probabilities[^1];
        var i = 1;
        while (Scores[i] < score) i++;
        var (x0, x1, y0, y1) = (Scores[i - 1], Scores[i], Probabilities[i - 1], Probabilities[i]);
        return x1 - x0 < 1e-12 ? y1 : y0 + (y1 - y0) * (score - x0) / (x1 - x0);
    }

    /// <summary>The reliability curve in equal-width confidence bands (empty bands left out).</summary>
    public static IReadOnlyList<CalibrationBand> Bands(IReadOnlyList<(double Confidence, bool Right)> outcomes, int bands = 10) =>
        outcomes.GroupBy(o => Math.Min(bands - 1, (int)(o.Confidence * bands)))
            .OrderBy(g => g.Key)
            .Select(g => new CalibrationBand((double)g.Key / bands, (double)(g.Key + 1) / bands, g.Count(),
                Math.Round(g.Average(o => o.Confidence), 4), Math.Round(g.Average(o => o.Right ? 1.0 : 0.0), 4)))
            .ToList();

    /// <summary>Expected calibration error: the count-weighted gap between confidence and accuracy over the bands.</summary>
    public static double ExpectedError(IReadOnlyList<(double Confidence, bool Right)> outcomes, int bands = 10)
    {
        if (outcomes.Count == 0) return 0;
        return Bands(outcomes, bands).Sum(b => b.Count * Math.Abs(b.MeanConfidence - b.Accuracy)) / outcomes.Count;
    }
}
