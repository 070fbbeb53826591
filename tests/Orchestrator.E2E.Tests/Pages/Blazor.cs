using System.Diagnostics;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>
/// Pages are prerendered on the server, then become interactive when the circuit attaches and re-renders them. A click
/// on the prerendered markup goes nowhere, so actions wait until Blazor has wired the element's event handlers (its
/// renderer keeps them on the element under a "_blazorEvents_" key). The locator is resolved afresh each time, since
/// the interactive render replaces the prerendered elements.
/// </summary>
public static class Blazor
{
    public const float InteractiveTimeout = 15_000;

    public static async Task WaitForInteractiveAsync(ILocator element, float timeout = InteractiveTimeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var left = Math.Max(1, timeout - (float)watch.Elapsed.TotalMilliseconds);
            var wired = await element.EvaluateAsync<bool>("el => Object.keys(el).some(k => k.startsWith('_blazorEvents_'))", null, new() { Timeout = left });
            if (wired) return;
            if (watch.Elapsed.TotalMilliseconds > timeout)
                throw new TimeoutException($"{element} did not become interactive within {timeout / 1000:0} s (the Blazor circuit did not attach).");
            await Task.Delay(50);
        }
    }
}
