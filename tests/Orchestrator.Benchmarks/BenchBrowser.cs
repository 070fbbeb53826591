using Microsoft.Playwright;

namespace Orchestrator.Benchmarks;

/// <summary>Debian's Chromium, headless, driven by Playwright, as the browser tests run it (never a downloaded browser).</summary>
public static class BenchBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("ORCHESTRATOR_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A context of its own (cookies), signed in as a demo user through the sign-in form.</summary>
    public static async Task<IBrowserContext> SignedInAsync(IBrowser browser, Uri baseAddress, string email)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync("Demo-pass-2026");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
        await page.CloseAsync();
        return context;
    }
}
