using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orchestrator.Infrastructure.Telemetry;

/// <summary>
/// The app's own traces and metrics, beside what ASP.NET Core and EF Core emit. Recording is nearly free when nobody
/// listens, so it stays on; the exporter decides whether anything leaves the process.
/// </summary>
public static class OrchestratorTelemetry
{
    public const string Name = "Orchestrator";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Claims =
        Meter.CreateCounter<long>("orchestrator.claims", description: "Claim attempts, by outcome.");
    public static readonly Histogram<double> ClaimDuration =
        Meter.CreateHistogram<double>("orchestrator.claim.duration", "ms", "Time to claim a task, from request to commit.");
    public static readonly Counter<long> Jobs =
        Meter.CreateCounter<long>("orchestrator.jobs", description: "Background jobs performed, by job and outcome.");
    public static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("orchestrator.job.duration", "ms", "Time a background job took.");

    public static void RecordClaim(string outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Claims.Add(1, tag);
        ClaimDuration.Record(elapsed.TotalMilliseconds, tag);
    }
}
