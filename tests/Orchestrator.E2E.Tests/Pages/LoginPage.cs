using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/account/login: a plain server-rendered form (no circuit).</summary>
public sealed class LoginPage(IPage page)
{
    public const string Path = "/account/login";
    /// <summary>The first sign-in of a run also warms up Identity and the pages, on a shared, busy machine.</summary>
    public const float SignInTimeout = 30_000;

    public ILocator Email => page.Locator("#email");
    public ILocator Password => page.Locator("#password");
    public ILocator Submit => page.Locator("button[type=submit]");
    public ILocator Error => page.GetByTestId("login-error");

    public async Task OpenAsync() => await page.GotoAsync(Path);

    /// <summary>Signs in and waits until the app has left the sign-in page; says what the page showed when it did not.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await OpenAsync();
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith(Path, StringComparison.OrdinalIgnoreCase),
                new() { Timeout = SignInTimeout, WaitUntil = WaitUntilState.DOMContentLoaded });
        }
        catch (TimeoutException e)
        {
            await Screenshots.SaveAsync(page, "sign-in-failed-" + email.Split('@')[0]);
            var shown = await page.Locator(".account-card").InnerTextAsync(new() { Timeout = 2000 });
            throw new TimeoutException($"Signing in as {email} did not leave {Path} within {SignInTimeout / 1000:0} s. Now at {page.Url}, showing: {shown}", e);
        }
    }
}
