using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Web.Components.Shared;

/// <summary>
/// At Debug level, one line for each call a browser makes on its Blazor circuit (a click, a key, a JS callback) with
/// how long it took: the server's side of "I clicked and nothing happened". Off unless that log level is turned on.
/// </summary>
public sealed class CircuitCallLog(ILogger<CircuitCallLog> log) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!log.IsEnabled(LogLevel.Debug)) return await next(invocation);
        var started = Stopwatch.GetTimestamp();
        try { return await next(invocation); }
        finally
        {
            log.LogDebug("{Hub}.{Method} from connection {Connection} took {Milliseconds:0.0} ms.", invocation.Hub.GetType().Name, invocation.HubMethodName,
                invocation.Context.ConnectionId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
