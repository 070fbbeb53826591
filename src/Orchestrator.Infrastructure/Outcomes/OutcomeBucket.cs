namespace Orchestrator.Infrastructure.Outcomes;

/// <summary>How outcome figures are grouped over time: by day, or by week (Monday to Sunday, as ISO 8601 counts weeks).</summary>
public enum OutcomeBucket { Day, Week }

public static class OutcomeBuckets
{
    /// <summary>The first day of the bucket that holds <paramref name="day"/>.</summary>
    public static DateOnly StartOf(this OutcomeBucket bucket, DateOnly day) =>
        bucket == OutcomeBucket.Day ? day : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The first day of the next bucket.</summary>
    public static DateOnly Next(this OutcomeBucket bucket, DateOnly start) => start.AddDays(bucket == OutcomeBucket.Day ? 1 : 7);
}
