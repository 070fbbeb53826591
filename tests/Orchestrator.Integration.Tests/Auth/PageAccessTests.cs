using System.Net;

using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Auth;

/// <summary>Who reaches which page: anonymous people go to sign-in, a role without access goes to /account/denied.</summary>
[Collection(WebCollection.Name)]
public sealed class PageAccessTests(OrchestratorAppFixture app)
{
    public const string Worker = "worker@demo.local";
    public const string Orchestrator = "orchestrator@demo.local";
    public const string Manager = "manager@demo.local";
    public const string Admin = "admin@demo.local";

    /// <summary>
    /// Pages another change is adding. Their rows in <see cref="Rules"/> are held back until they exist; the test
    /// <see cref="PagesNotYetBuilt_AreStillMissing"/> fails as soon as one appears, so its row gets switched on.
    /// </summary>
    public static readonly HashSet<string> NotYetBuilt = ["/queue", "/my-work", "/board", "/workflows", "/agents", "/audit", "/dashboards", "/admin"];

    /// <summary>The access matrix of PRODUCT.md: (user, page, allowed). Null user means anonymous.</summary>
    private static readonly (string? User, string Path, bool Allowed)[] Rules =
    [
        (null, "/", false), (null, "/queue", false), (null, "/board", false), (null, "/admin", false),
        (Worker, "/", true), (Worker, "/queue", true), (Worker, "/my-work", true),
        (Worker, "/board", false), (Worker, "/workflows", false), (Worker, "/admin", false),
        (Orchestrator, "/", true), (Orchestrator, "/board", true), (Orchestrator, "/workflows", true), (Orchestrator, "/agents", true),
        (Orchestrator, "/audit", true), (Orchestrator, "/admin", false),
        (Manager, "/", true), (Manager, "/dashboards", true), (Manager, "/board", true), (Manager, "/queue", false),
        (Admin, "/", true), (Admin, "/admin", true),
    ];

    public static TheoryData<string, string, bool> BuiltRules()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (user, path, allowed) in Rules.Where(r => !NotYetBuilt.Contains(r.Path))) data.Add(user ?? "anonymous", path, allowed);
        return data;
    }

    public static TheoryData<string> Unbuilt() => [.. NotYetBuilt];

    [Theory]
    [MemberData(nameof(BuiltRules))]
    public async Task Page_AnswersByRole(string user, string path, bool allowed)
    {
        var client = user == "anonymous" ? app.NewClient() : await app.ClientForAsync(user);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(client.BaseAddress!, response.Headers.Location!);
        Assert.Equal(user == "anonymous" ? "/account/login" : "/account/denied", location.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Unbuilt))]
    public async Task PagesNotYetBuilt_AreStillMissing(string path)
    {
        var client = await app.ClientForAsync(Admin);
        var anonymous = await app.NewClient().GetAsync(path);
        var admin = await client.GetAsync(path);

        var hint = $"{path} exists now: remove it from {nameof(NotYetBuilt)} so its row of the access matrix is checked.";
        Assert.True(anonymous.StatusCode == HttpStatusCode.NotFound, hint);
        Assert.True(admin.StatusCode == HttpStatusCode.NotFound, hint);
    }

    [Theory]
    [InlineData(Worker, "home-worker", "home-admin")]
    [InlineData(Orchestrator, "home-workflows", "home-worker")]
    [InlineData(Manager, "home-dashboards", "home-workflows")]
    [InlineData(Admin, "home-admin", "home-worker")]
    public async Task HomePage_ShowsTheRolesOwnAreas(string user, string shown, string hidden)
    {
        var client = await app.ClientForAsync(user);

        var html = await client.GetStringAsync("/");

        Assert.Contains($"data-testid=\"{shown}\"", html);
        Assert.DoesNotContain($"data-testid=\"{hidden}\"", html);
    }

    [Fact]
    public async Task DeniedPage_IsReachableSignedOut()
    {
        var response = await app.NewClient().GetAsync("/account/denied");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No access", await response.Content.ReadAsStringAsync());
    }
}
