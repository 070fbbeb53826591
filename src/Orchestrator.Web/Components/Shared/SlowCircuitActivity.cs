using System.Diagnostics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Web.Components.Shared;

/// <summary>
/// Logs a warning when one thing a page does for a person (a click, a key, a JS callback) keeps its circuit busy for
/// long: while it runs, that person's other clicks wait, so a slow handler shows up here before it shows up as a
/// "the button does nothing" report.
/// </summary>
public sealed class SlowCircuitActivity(ILogger<SlowCircuitActivity> log) : CircuitHandler
{
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var started = Stopwatch.GetTimestamp();
            try { await next(context); }
            finally
            {
                var took = Stopwatch.GetElapsedTime(started);
                if (took >= Threshold) log.LogWarning("A page's circuit {Circuit} was busy for {Milliseconds:0} ms with one inbound activity.", context.Circuit.Id, took.TotalMilliseconds);
            }
        };
}
