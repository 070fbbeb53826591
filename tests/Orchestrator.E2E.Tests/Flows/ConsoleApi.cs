using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Flows;

public sealed record ConsoleTask(Guid Id, string Step, string Kind, string Status, string Route, string RouteReason, string? Assignee, string? Agent);

public sealed record ConsoleCase(Guid Id, string Workflow, string? ExternalId, IReadOnlyList<ConsoleTask> Tasks)
{
    public ConsoleTask Intake => Tasks.Single(t => t.Step == "intake" && t.Kind == "Step");
}

/// <summary>The cases API as the console flows read it: with each task's route, route reason and agent.</summary>
public sealed class ConsoleApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public ConsoleApi(Uri baseUrl)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(20) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoUsers.ApiKey);
    }

    /// <summary>POST /api/v1/cases: a new auto-claims case (the external id makes each one new).</summary>
    public async Task<ConsoleCase> OpenClaimAsync(string externalId)
    {
        var body = new JsonObject
        {
            ["workflow"] = "auto-claims",
            ["externalId"] = externalId,
            ["payload"] = new JsonObject
            {
                ["policyNumber"] = "POL-" + externalId,
                ["claimantName"] = "Console Test",
                ["incidentDate"] = "2026-11-02",
                ["description"] = "Rear-ended at a light; bumper and tail light damaged.",
                ["estimatedAmount"] = 1800,
            },
        };
        using var response = await _http.PostAsJsonAsync("/api/v1/cases", body, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/cases ({externalId}) answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<ConsoleCase>(text, Json)!;
    }

    public async Task<ConsoleCase> GetAsync(Guid id)
    {
        using var response = await _http.GetAsync($"/api/v1/cases/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/cases/{id} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<ConsoleCase>(text, Json)!;
    }

    /// <summary>Opens <paramref name="count"/> cases, a few at a time, and reads each back through GET.</summary>
    public async Task<IReadOnlyList<ConsoleCase>> OpenClaimsAsync(string prefix, int count, int parallel = 6)
    {
        var opened = new ConsoleCase[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, _) => opened[i] = await OpenClaimAsync($"{prefix}-{i:D3}"));
        var read = new ConsoleCase[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, _) => read[i] = await GetAsync(opened[i].Id));
        return read;
    }

    public void Dispose() => _http.Dispose();
}
