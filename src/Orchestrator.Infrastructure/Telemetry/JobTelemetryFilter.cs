using System.Diagnostics;
using Hangfire.Server;

namespace Orchestrator.Infrastructure.Telemetry;

/// <summary>Counts and times every Hangfire job, and traces it as one activity.</summary>
public sealed class JobTelemetryFilter : IServerFilter
{
    private const string Started = "orchestrator.started";
    private const string ActivityKey = "orchestrator.activity";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[Started] = Stopwatch.GetTimestamp();
        context.Items[ActivityKey] = OrchestratorTelemetry.Source.StartActivity($"job {JobName(context)}", ActivityKind.Consumer);
    }

    public void OnPerformed(PerformedContext context)
    {
        var outcome = context.Exception is null ? "succeeded" : context.Canceled ? "canceled" : "failed";
        var tags = new TagList { { "job", JobName(context) }, { "outcome", outcome } };
        OrchestratorTelemetry.Jobs.Add(1, tags);
        if (context.Items.TryGetValue(Started, out var started) && started is long ticks)
            OrchestratorTelemetry.JobDuration.Record(Stopwatch.GetElapsedTime(ticks).TotalMilliseconds, tags);
        if (context.Items.TryGetValue(ActivityKey, out var activity) && activity is Activity a)
        {
            if (context.Exception is not null) a.SetStatus(ActivityStatusCode.Error, context.Exception.Message);
            a.Dispose();
        }
    }

    private static string JobName(PerformContext context) => context.BackgroundJob.Job?.Type.Name ?? "unknown";
}
