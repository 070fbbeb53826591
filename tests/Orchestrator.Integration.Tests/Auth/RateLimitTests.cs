using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Integration.Tests.Agents;

namespace Orchestrator.Integration.Tests.Auth;

/// <summary>The API's per-key rate limit, on an app of its own with a limit of 3 requests a minute.</summary>
[Collection(AgentCollections.Api)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task OverTheLimit_Answers429WithRetryAfterAndAProblem_AndOtherKeysGoOn()
    {
        await using var app = new OrchestratorAppFactory(settings: new Dictionary<string, string>
        {
            ["RateLimits:Api:PermitLimit"] = "3", ["RateLimits:Api:Window"] = "00:01:00",
        });
        using var cases = app.Client(OrchestratorAppFactory.CasesKey);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await cases.GetAsync("/api/v1/workflows")).StatusCode);
        var refused = await cases.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(429, (int)problem["status"]!);
        Assert.Contains("3 API requests", (string)problem["detail"]!);

        using var worker = app.Client(OrchestratorAppFactory.WorkerKey);
        Assert.Equal(HttpStatusCode.OK, (await worker.PostAsync("/api/v1/tasks/activate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(null).GetAsync("/healthz")).StatusCode); // outside /api: not limited
    }
}
