namespace Orchestrator.Domain.Learning;

/// <summary>One confidence band of a reliability curve: how sure the model said it was against how often it was right.</summary>
public sealed record CalibrationBand(double From, double To, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// Maps a model's raw confidence to the probability of being right, fitted on held-out data by isotonic regression
/// (pool adjacent violators): monotone, no assumed shape, and exact enough with a few hundred held-out examples.
/// Between the fitted points it interpolates linearly.
/// </summary>
public sealed record Calibration(IReadOnlyList<double> Scores, IReadOnlyList<double> Probabilities)
{
    public static readonly Calibration Identity = new([0.0, 1.0], [0.0, 1.0]);

    public static Calibration Fit(IReadOnlyList<(double Score, bool Right)> heldOut)
    {
        if (heldOut.Count == 0) return Identity;
        var sorted = heldOut.OrderBy(x => x.Score).ToList();
        // Blocks of (sum of scores, sum of rights, count); merge while a block is not above the one before.
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
