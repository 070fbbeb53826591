using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

[Collection(AppCollection.Name)]
public sealed class AccessTests(AppFixture app)
{
    [Fact]
    public async Task Queue_RedirectsToSignIn_WhenAnonymous()
    {
        await using var session = await app.NewSessionAsync();
        await session.Page.GotoAsync(QueuePage.Path);

        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == LoginPage.Path, new() { Timeout = 10_000 });
        Assert.Contains("returnurl=%2fqueue", new Uri(session.Page.Url).Query, StringComparison.OrdinalIgnoreCase);
        await Expect(new LoginPage(session.Page).Email).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_ShowsNoAccess_ForWorker()
    {
        await using var session = await app.SignInAsync(DemoUsers.Ana);
        await session.Page.GotoAsync("/admin");

        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/denied", new() { Timeout = 10_000 });
        await Expect(session.Page.Locator("h1")).ToHaveTextAsync("No access");
        await Expect(session.Page.GetByTestId("home-admin")).ToHaveCountAsync(0);
    }
}
