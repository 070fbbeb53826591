using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.E2E.Tests.Infrastructure;

public sealed record ApiTask(Guid Id, string Step, string StepName, string Kind, string Status, string Route, string? Assignee, DateTime CreatedAt);

public sealed record ApiCase(Guid Id, string Workflow, string? ExternalId, int Priority, string Status, string? CurrentStep, IReadOnlyList<ApiTask> Tasks);

/// <summary>The REST API as a machine caller sees it: Bearer API key, JSON in and out.</summary>
public sealed class OrchestratorApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public OrchestratorApi(Uri baseUrl, string apiKey)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>POST /api/v1/cases. An external id already used answers with that case (200) instead of a new one (201).</summary>
    public async Task<(HttpStatusCode Status, ApiCase Case)> OpenCaseAsync(JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/cases", body, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"POST /api/v1/cases answered {(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonSerializer.Deserialize<ApiCase>(text, Json)!);
    }

    public async Task<ApiCase> GetCaseAsync(Guid id)
    {
        using var response = await _http.GetAsync($"/api/v1/cases/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/v1/cases/{id} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<ApiCase>(text, Json)!;
    }

    /// <summary>The case with this external id (the API answers an existing external id with its case and creates nothing).</summary>
    public async Task<ApiCase> FindCaseAsync(string workflow, string externalId)
    {
        var (status, found) = await OpenCaseAsync(new JsonObject { ["workflow"] = workflow, ["externalId"] = externalId, ["payload"] = new JsonObject() });
        Assert.True(status == HttpStatusCode.OK, $"No case had the external id {externalId}: the lookup created one.");
        return found;
    }

    /// <summary>Reads the case until the condition holds, or fails with the last state seen.</summary>
    public async Task<ApiCase> WaitForCaseAsync(Guid id, Func<ApiCase, bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        ApiCase current;
        while (true)
        {
            current = await GetCaseAsync(id);
            if (condition(current)) return current;
            if (DateTime.UtcNow > until) break;
            await Task.Delay(250);
        }
        var tasks = string.Join("; ", current.Tasks.Select(t => $"{t.Step}/{t.Kind}: {t.Status} via {t.Route}"));
        Assert.Fail($"Case {id} did not reach '{what}' within {timeout.TotalSeconds:0} s. Tasks: {tasks}");
        return current;
    }

    /// <summary>POST /api/v1/tasks/activate as the key's external agent: the ids of the tasks now leased to it, with their cases.</summary>
    public async Task<IReadOnlyList<(Guid Id, Guid CaseId)>> ActivateAsync(int max, int leaseSeconds)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/tasks/activate", new { max, leaseSeconds }, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/v1/tasks/activate answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray().Select(t => (Guid.Parse((string)t!["id"]!), Guid.Parse((string)t["caseId"]!))).ToList();
    }

    /// <summary>POST /api/v1/tasks/{id}/fail: the agent gives the task back; not retryable sends it to people with the error as the reason.</summary>
    public async Task FailAsync(Guid taskId, string error, bool retryable)
    {
        using var response = await _http.PostAsJsonAsync($"/api/v1/tasks/{taskId}/fail", new { error, retryable }, Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/v1/tasks/{taskId}/fail answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _http.Dispose();
}
