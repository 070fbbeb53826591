namespace Orchestrator.Infrastructure.Quality;

/// <summary>Bound from the "Quality" configuration section.</summary>
public sealed class QualityOptions
{
    public const string Section = "Quality";

    /// <summary>When the sampling and evaluation job runs (Hangfire cron; six fields to give seconds).</summary>
    public string SamplingCron { get; set; } = "* * * * *";
    /// <summary>The period over which sample rates and minimum samples are counted, from midnight UTC.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(1);

    public DateTime PeriodStart(DateTime now) => new(now.Ticks - now.Ticks % Period.Ticks, DateTimeKind.Utc);
}
