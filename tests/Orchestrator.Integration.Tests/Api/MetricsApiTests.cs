using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class MetricsApiTests(OrchestratorAppFixture app)
{
    private HttpClient Client() => app.ApiClient();

    [Fact]
    public async Task Weeks_RunMondayToSunday_CutToTheRange_AndAddUpToTheDashboard()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddDays(-20);

        var response = await Client().GetAsync($"/api/v1/workflows/auto-claims/metrics?from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}&bucket=week");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("week", (string?)body["bucket"]);
        var buckets = body["buckets"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal(from, DateOnly.Parse((string)buckets[0]["from"]!));
        Assert.Equal(today, DateOnly.Parse((string)buckets[^1]["to"]!));
        foreach (var b in buckets.Skip(1)) Assert.Equal(DayOfWeek.Monday, DateOnly.Parse((string)b["from"]!).DayOfWeek);
        for (var i = 1; i < buckets.Count; i++)
            Assert.Equal(DateOnly.Parse((string)buckets[i - 1]["to"]!).AddDays(1), DateOnly.Parse((string)buckets[i]["from"]!));
        foreach (var b in buckets)
            Assert.All(new[] { "outcomes", "costPerOutcome", "agentShare", "escalationRate", "passRate", "marginPerOutcome" }, f => Assert.True(b.ContainsKey(f), f));

        var dashboard = await app.Services.GetRequiredService<OutcomeQueries>().DashboardAsync("auto-claims", from, today);
        Assert.Equal(dashboard.Outcomes, buckets.Sum(b => (int)b["outcomes"]!));
    }

    [Fact]
    public async Task Days_DefaultToTheLast12()
    {
        var body = await Client().GetFromJsonAsync<JsonObject>("/api/v1/workflows/auto-claims/metrics");

        var buckets = body!["buckets"]!.AsArray();
        Assert.Equal("day", (string?)body["bucket"]);
        Assert.Equal(12, buckets.Count);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.Parse((string)buckets[^1]!["from"]!));
    }

    [Theory]
    [InlineData("bucket=month", "bucket")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-03-02&to=2026-03-01", "from")]
    [InlineData("from=2020-01-01&to=2026-01-01&bucket=day", "from")]
    public async Task BadQueries_Are400ProblemDetails_AtTheField(string query, string field)
    {
        var response = await Client().GetAsync("/api/v1/workflows/auto-claims/metrics?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task AnUnknownWorkflow_Is404_AndThePathIsDocumented()
    {
        var response = await Client().GetAsync("/api/v1/workflows/nope/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'nope'", await response.Content.ReadAsStringAsync());
        var doc = await (await app.NewClient().GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("/api/v1/workflows/{key}/metrics", doc!["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Metrics_WithoutAKey_Are401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.NewClient().GetAsync("/api/v1/workflows/auto-claims/metrics")).StatusCode);
    }
}
