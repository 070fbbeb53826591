using System.Net;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Features.Account;

[Collection(WebCollection.Name)]
public sealed class LoginPageTests(OrchestratorAppFixture app)
{
    private const string WrongPassword = "The email or password is not right.";
    private const string LockedOut = "Too many failed sign-ins. This account is locked for a few minutes";

    [Fact]
    public async Task SignIn_RedirectsHomeWithCookie_WithRightPassword()
    {
        var client = app.NewClient();

        var response = await OrchestratorAppFixture.PostLoginAsync(client, "worker@demo.local", OrchestratorAppFixture.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", new Uri(client.BaseAddress!, response.Headers.Location!).PathAndQuery);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("orchestrator.auth="));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_ShowsError_WithWrongPassword()
    {
        var email = await app.CreateUserAsync(Roles.Worker);
        var client = app.NewClient();

        var response = await OrchestratorAppFixture.PostLoginAsync(client, email, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WrongPassword, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_LocksTheAccount_AfterFiveWrongPasswords()
    {
        var email = await app.CreateUserAsync(Roles.Worker);
        var client = app.NewClient();
        for (var i = 1; i <= 5; i++)
        {
            var wrong = await OrchestratorAppFixture.PostLoginAsync(client, email, $"wrong-password-{i}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            if (i < 5) Assert.Contains(WrongPassword, await wrong.Content.ReadAsStringAsync());
        }

        var right = await OrchestratorAppFixture.PostLoginAsync(client, email, OrchestratorAppFixture.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(LockedOut, await right.Content.ReadAsStringAsync());
        Assert.False(right.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("orchestrator.auth=")));
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "user.locked-out" && e.SubjectId == email)));
    }

    [Fact]
    public async Task SignIn_Answers400_WithoutAntiforgeryToken()
    {
        var client = app.NewClient();
        await client.GetAsync("/account/login");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = "worker@demo.local", ["Input.Password"] = OrchestratorAppFixture.DemoPassword,
        });

        var response = await client.PostAsync("/account/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
