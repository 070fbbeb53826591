using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Integration.Tests.Agents;
using Orchestrator.Integration.Tests.Auth;

namespace Orchestrator.Integration.Tests.Web;

/// <summary>Cookie flags over HTTP and HTTPS.</summary>
[Collection(WebCollection.Name)]
public sealed class CookieFlagsTests(OrchestratorAppFixture app)
{
    [Theory]
    [InlineData("http://localhost", false)]
    [InlineData("https://localhost", true)]
    public async Task SignInCookies_AreHttpOnlyAndSameSite_AndSecureOverHttps(string baseAddress, bool secure)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = true });

        var form = await client.GetAsync("/account/login");
        var signIn = await OrchestratorAppFixture.PostLoginAsync(client, PageAccessTests.Worker, OrchestratorAppFixture.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        AssertFlags(Cookie(form, ".AspNetCore.Antiforgery."), "samesite=strict", secure);
        AssertFlags(Cookie(signIn, "orchestrator.auth="), "samesite=lax", secure);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name, StringComparison.Ordinal)).ToLowerInvariant();

    private static void AssertFlags(string cookie, string sameSite, bool secure)
    {
        Assert.Contains("httponly", cookie);
        Assert.Contains(sameSite, cookie);
        Assert.Equal(secure, cookie.Contains("; secure"));
    }
}

/// <summary>In Production an unhandled exception shows neither its message nor its stack.</summary>
[Collection(AgentCollections.Api)]
public sealed class ProductionErrorTests
{
    private const string Secret = "connection string Password=hunter2";

    [Fact]
    public async Task UnhandledException_InProduction_AnswersAGenericProblemOrTheErrorPage()
    {
        await using var factory = new OrchestratorAppFactory(settings: new Dictionary<string, string> { ["environment"] = "Production" });
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ThrowingRoutes>()));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var api = await client.GetAsync("/api/v1/test-throw");
        var page = await client.GetAsync("/test-throw");

        var apiBody = await api.Content.ReadAsStringAsync();
        Assert.True(api.StatusCode == HttpStatusCode.InternalServerError, $"{(int)api.StatusCode}: {apiBody}");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(apiBody)!;
        Assert.Equal(500, (int)problem["status"]!);
        Assert.NotNull(problem["traceId"]);
        AssertNothingLeaks(problem.ToJsonString());

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html);
        AssertNothingLeaks(html);
    }

    private static void AssertNothingLeaks(string body)
    {
        Assert.DoesNotContain("hunter2", body);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
        Assert.DoesNotContain(" at ", body.Replace("went wrong", ""));
        Assert.DoesNotContain(".cs:line", body);
    }

    /// <summary>Routes behind the app's own pipeline (so inside its exception handler) that throw.</summary>
    private sealed class ThrowingRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext http, RequestDelegate _) => http.Request.Path.Value is "/api/v1/test-throw" or "/test-throw"
                ? throw new InvalidOperationException(Secret)
                : Task.CompletedTask);
        };
    }
}
