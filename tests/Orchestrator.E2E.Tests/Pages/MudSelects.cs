using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>Choosing an option of a MudSelect: click the field, then the option (by text; null for the first) in the open popover.</summary>
public static class MudSelects
{
    private static ILocator OpenOptions(IPage page) => page.Locator(".mud-popover-open .mud-list-item");

    /// <summary>
    /// Opens the select, waits until its popover has finished moving into place, clicks the option and checks the field
    /// shows it. A click that lands while the popover is still being placed can miss, so one more try is allowed;
    /// the last try fails the test.
    /// </summary>
    public static async Task<string> ChooseAsync(IPage page, ILocator input, string? option)
    {
        const int tries = 2;
        for (var attempt = 1; ; attempt++)
        {
            await input.ClickAsync();
            await OpenOptions(page).First.WaitForAsync();
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('.mud-popover-open')].every(p => p.getAnimations({ subtree: true }).length === 0)",
                null, new() { PollingInterval = 50, Timeout = 5000 });
            var item = option is null ? OpenOptions(page).First : OpenOptions(page).Filter(new() { HasText = option }).First;
            var text = (await item.InnerTextAsync()).Trim();
            await item.ClickAsync();
            await Expect(OpenOptions(page)).ToHaveCountAsync(0);
            if (attempt < tries && !await ShowsAsync(input, text, TimeSpan.FromSeconds(1)))
            {
                await Screenshots.SaveAsync(page, $"select-missed-{await input.GetAttributeAsync("data-field") ?? await input.GetAttributeAsync("data-testid")}");
                continue;
            }
            Assert.True(await ShowsAsync(input, text, TimeSpan.FromSeconds(3)), $"The select does not show '{text}'.");
            return text;
        }
    }

    /// <summary>
    /// Whether the select shows the value. Once a value is chosen and focus leaves, MudSelect swaps its input for a
    /// div that shows the chosen item's content, so both forms are read.
    /// </summary>
    private static async Task<bool> ShowsAsync(ILocator input, string value, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while ((await input.EvaluateAsync<string?>("el => el.value ?? el.innerText ?? null"))?.Trim() != value)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(100);
        }
        return true;
    }
}
