using System.Runtime.CompilerServices;

namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>
/// What a page showed when a flow stopped: its address, the messages on screen, Blazor's reconnect state and the
/// browser console, plus a screenshot, so that a failure in CI says why the app did not do what the test expected.
/// </summary>
public static class PageDiagnostics
{
    private static readonly ConditionalWeakTable<IPage, List<string>> ConsoleLines = new();

    /// <summary>Keeps the page's console errors and warnings (Blazor reports circuit failures there).</summary>
    public static void Record(IPage page)
    {
        var lines = ConsoleLines.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") lock (lines) lines.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => { lock (lines) lines.Add($"{DateTime.UtcNow:HH:mm:ss.fff} page error: {error}"); };
    }

    public static async Task<string> DescribeAsync(IPage page, string name)
    {
        var parts = new List<string> { $"at {page.Url}" };
        try { await Screenshots.SaveAsync(page, "failure-" + name); parts.Add($"screenshot failure-{name}.png"); }
        catch (PlaywrightException e) { parts.Add("no screenshot: " + e.Message); }
        try
        {
            var shown = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.mud-snackbar, .mud-input-error .mud-input-helper-text, .validation-message, .mud-alert, #components-reconnect-modal, .components-reconnect-show, [data-testid=problems]')]
                    .filter(e => e.offsetParent !== null || e.id === 'components-reconnect-modal')
                    .map(e => (e.id || e.className.toString().split(' ')[0]) + ': ' + e.innerText.trim().replace(/\s+/g, ' ').slice(0, 300))
                """);
            parts.Add(shown.Length == 0 ? "no messages on screen" : "on screen: " + string.Join(" | ", shown));
        }
        catch (PlaywrightException e) { parts.Add("page not readable: " + e.Message); }
        if (ConsoleLines.TryGetValue(page, out var lines))
            lock (lines) parts.Add(lines.Count == 0 ? "console: clean" : "console:\n  " + string.Join("\n  ", lines.TakeLast(20)));
        return string.Join("; ", parts);
    }

    /// <summary>Runs a step of a flow (an expectation, usually); should it fail, the failure says what the page showed.</summary>
    public static async Task ExplainingFailureAsync(this IPage page, string step, Func<Task> action)
    {
        try { await action(); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"{step} failed: {e.Message.Split('\n')[0]}; " + await DescribeAsync(page, FileName(step)), e);
        }
    }

    private static string FileName(string text) => new string(text.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');

    /// <summary>Waits until the page's path satisfies the condition; on time-out says what the page showed instead.</summary>
    public static async Task WaitForPathAsync(this IPage page, Func<string, bool> condition, string expectation, float timeout = 20_000)
    {
        try
        {
            // Commit, not load: Blazor moves between pages inside the document, and a flow waits for what it needs next anyway.
            await page.WaitForURLAsync(url => condition(new Uri(url).AbsolutePath), new() { Timeout = timeout, WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Waited {timeout / 1000:0} s for {expectation}; " + await DescribeAsync(page, FileName(expectation)), e);
        }
    }
}
