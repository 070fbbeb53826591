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

    /// <summary>The access matrix of PRODUCT.md: (user, page, allowed). Null user means anonymous.</summary>
    private static readonly (string? User, string Path, bool Allowed)[] Rules =
    [
        (null, "/", false), (null, "/queue", false), (null, "/board", false), (null, "/admin", false),
        (Worker, "/", true), (Worker, "/queue", true), (Worker, "/my-work", true),
        (Worker, "/board", false), (Worker, "/workflows", false), (Worker, "/admin", false),
        (Orchestrator, "/", true), (Orchestrator, "/board", true), (Orchestrator, "/workflows", true), (Orchestrator, "/agents", true), (Orchestrator, "/quality", true), (Manager, "/quality", false), (Worker, "/quality", false),
        (Orchestrator, "/audit", true), (Orchestrator, "/models", true), (Orchestrator, "/dashboards", true), (Orchestrator, "/admin", false), (Orchestrator, "/queue", false),
        (Manager, "/", true), (Manager, "/dashboards", true), (Manager, "/board", true), (Manager, "/queue", false),
        (Manager, "/workflows", false), (Manager, "/agents", false), (Manager, "/audit", false), (Manager, "/admin", false),
        (Admin, "/", true), (Admin, "/admin", true), (Admin, "/board", true), (Admin, "/audit", true),
        (Worker, "/agents", false), (Worker, "/models", false), (Worker, "/audit", false), (Worker, "/dashboards", false),
    ];

    public static TheoryData<string, string, bool> BuiltRules()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (user, path, allowed) in Rules) data.Add(user ?? "anonymous", path, allowed);
        return data;
    }

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
