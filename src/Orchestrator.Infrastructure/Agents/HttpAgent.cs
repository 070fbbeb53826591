using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// POSTs the task as JSON to the profile's endpoint and reads back { output, confidence, cost?, tokens? }.
/// Timeouts, 429 and 5xx are worth another try; other 4xx, non-JSON and oversized answers are not.
/// Request: { taskId, attempt, workflow, step: { key, name, description, outputs: [{ key, label, type, required, choices }] }, input }.
/// </summary>
public sealed class HttpAgent(IHttpClientFactory clients) : AgentAdapter
{
    public const string ClientName = "agents";

    public override AgentKind Kind => AgentKind.Http;

    public override async Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Profile.Endpoint) || !Uri.TryCreate(request.Profile.Endpoint, UriKind.Absolute, out var endpoint))
            throw new AgentAnswerException($"agent {request.Profile.Key} has no valid endpoint URL.");
        var body = new JsonObject
        {
            ["taskId"] = request.TaskId,
            ["attempt"] = request.Attempt,
            ["step"] = JsonSerializer.SerializeToNode(new
            {
                request.Step.Key, request.Step.Name, request.Step.Description,
                Outputs = request.Step.Outputs.Select(f => new { f.Key, Label = f.DisplayName, Type = f.Type.ToString(), f.Required, f.Choices }),
            }, DomainJson.Options),
            ["input"] = request.Input.DeepClone(),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Settings(request.Profile).TimeoutSeconds));
        var client = clients.CreateClient(ClientName);
        HttpResponseMessage response;
        try
        {
            // Headers only: the body is read below, capped, instead of being buffered whole whatever its size.
            using var post = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            response = await client.SendAsync(post, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw new AgentTransientException($"no answer within {Settings(request.Profile).TimeoutSeconds} s."); }
        catch (HttpRequestException ex) { throw new AgentTransientException("the endpoint could not be reached: " + ex.Message, ex); }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                throw new AgentTransientException($"the endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            if (!response.IsSuccessStatusCode)
                throw new AgentAnswerException($"the endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            if (response.Content.Headers.ContentLength > AgentAnswers.MaxChars)
                throw new AgentAnswerException($"the answer is {response.Content.Headers.ContentLength:N0} bytes, more than the {AgentAnswers.MaxChars:N0} allowed.");
            string raw;
            try { raw = await ReadCappedAsync(response, timeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw new AgentTransientException($"no complete answer within {Settings(request.Profile).TimeoutSeconds} s."); }
            catch (IOException ex) { throw new AgentTransientException("the answer was cut off: " + ex.Message, ex); }
            return AgentAnswers.Parse(raw);
        }
    }

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[AgentAnswers.MaxChars + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        return new string(buffer, 0, read);
    }

    private sealed record HttpSettings(int TimeoutSeconds = 30);

    private static HttpSettings Settings(AgentProfile p)
    {
        try { return JsonSerializer.Deserialize<HttpSettings>(p.SettingsJson, DomainJson.Options) is { TimeoutSeconds: > 0 } s ? s : new(); }
        catch (JsonException) { return new(); }
    }
}
