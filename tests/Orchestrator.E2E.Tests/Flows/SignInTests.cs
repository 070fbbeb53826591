using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

[Collection(AppCollection.Name)]
public sealed class SignInTests(AppFixture app)
{
    [Theory]
    [InlineData("worker")]
    [InlineData("worker2")]
    [InlineData("trainee")]
    [InlineData("orchestrator")]
    [InlineData("manager")]
    [InlineData("admin")]
    public async Task SignIn_ShowsNameAndRoleHomeCard_ForEachDemoRole(string role)
    {
        var user = DemoUsers.ByRole(role);
        await using var session = await app.SignInAsync(user);
        var home = new HomePage(session.Page);

        Assert.Equal("/", new Uri(session.Page.Url).AbsolutePath);
        await Expect(home.SignedInAs).ToHaveTextAsync(user.Name);
        await Expect(home.Card(user.HomeCard)).ToBeVisibleAsync();
        await Screenshots.SaveAsync(session.Page, $"home-{role}");
    }

    [Fact]
    public async Task SignIn_ShowsError_WhenPasswordIsWrong()
    {
        await using var session = await app.NewSessionAsync();
        var login = new LoginPage(session.Page);
        await login.OpenAsync();
        await login.Email.FillAsync(DemoUsers.Ana.Email);
        await login.Password.FillAsync("not-the-password");
        await login.Submit.ClickAsync();

        await Expect(login.Error).ToBeVisibleAsync();
        Assert.Equal(LoginPage.Path, new Uri(session.Page.Url).AbsolutePath);
    }
}
