namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, as every browser test runs it (never a downloaded browser).</summary>
public static class Chromium
{
    public const string Variable = "ORCHESTRATOR_CHROMIUM";
    public const string Default = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var executable = Environment.GetEnvironmentVariable(Variable);
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = string.IsNullOrWhiteSpace(executable) ? Default : executable,
            Headless = true,
            Timeout = 30_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (its own cookies) and a page, with the suite's short default timeouts.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseUrl)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl.ToString(),
            Locale = "en-US",
            ViewportSize = new() { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(20_000);
        var page = await context.NewPageAsync();
        PageDiagnostics.Record(page);
        return page;
    }
}
