namespace Orchestrator.Infrastructure.Outcomes;

/// <summary>
/// Time to outcome is kept as a histogram so percentiles can be read from rollups: 1-minute buckets for the first hour,
/// 5 minutes up to 8 hours, 30 minutes up to 3 days, then 6 hours. Percentiles are stated to the bucket's resolution,
/// and the raw aggregation buckets the same way, so both give the same answer.
/// </summary>
public static class OutcomeDurations
{
    public static int Bucket(TimeSpan duration)
    {
        var minutes = Math.Max(0, (int)Math.Floor(duration.TotalMinutes));
        var step = minutes switch { < 60 => 1, < 8 * 60 => 5, < 72 * 60 => 30, _ => 360 };
        return minutes / step * step;
    }

    /// <summary>The nearest-rank percentile (0–1) of a histogram of bucket → count; null when it is empty.</summary>
    public static int? Percentile(IEnumerable<KeyValuePair<int, int>> histogram, double p)
    {
        var sorted = histogram.Where(b => b.Value > 0).OrderBy(b => b.Key).ToList();
        var total = sorted.Sum(b => (long)b.Value);
        if (total == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        long seen = 0;
        foreach (var (bucket, count) in sorted)
            if ((seen += count) >= rank) return bucket;
        return sorted[^1].Key;
    }
}
