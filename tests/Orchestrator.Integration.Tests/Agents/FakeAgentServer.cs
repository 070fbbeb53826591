using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port that plays two kinds of agent endpoint, chosen per request by a
/// scenario name in the path: an HTTP agent (POST /agent/{scenario}) and an OpenAI-compatible chat endpoint
/// (POST /{scenario}/v1/chat/completions). It records what it was sent, per scenario.
/// </summary>
public sealed class FakeAgentServer : IAsyncLifetime
{
    public const string GoodAnswer = """{"output":{"legible":true,"pages":3,"notes":"fine"},"confidence":0.92,"tokens":150,"cost":0.05}""";
    public const string NoConfidence = """{"output":{"legible":true,"pages":3}}""";
    public const string NotJson = "I think the document is legible, three pages.";

    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentDictionary<string, int> Hits { get; } = new();
    public ConcurrentDictionary<string, JsonObject> LastBodies { get; } = new();
    public ConcurrentDictionary<string, string> LastAuthorization { get; } = new();

    public string AgentUrl(string scenario) => $"{BaseUrl}/agent/{scenario}";
    public string ChatUrl(string scenario) => $"{BaseUrl}/{scenario}/v1";

    /// <summary>A valid answer whose JSON text is longer than the 64 KB an answer may be.</summary>
    public static string HugeAnswer() =>
        $$"""{"output":{"legible":true,"pages":3,"notes":"{{new string('x', 70_000)}}"},"confidence":0.9}""";

    public static string Fenced() => "```json\n" + GoodAnswer + "\n```";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/agent/{scenario}", HttpAgentAsync);
        _app.MapPost("/{scenario}/v1/chat/completions", ChatAsync);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private async Task Record(string kind, string scenario, HttpContext http)
    {
        var key = kind + ":" + scenario;
        Hits.AddOrUpdate(key, 1, (_, n) => n + 1);
        LastAuthorization[key] = http.Request.Headers.Authorization.ToString();
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (JsonNode.Parse(text) is JsonObject body) LastBodies[key] = body;
    }

    private async Task HttpAgentAsync(string scenario, HttpContext http)
    {
        await Record("agent", scenario, http);
        switch (scenario)
        {
            case "good": await Json(http, 200, GoodAnswer); break;
            case "fenced": await Json(http, 200, Fenced()); break;
            case "status500": await Json(http, 500, """{"error":"boom"}"""); break;
            case "status503": await Json(http, 503, """{"error":"down"}"""); break;
            case "status429": await Json(http, 429, """{"error":"slow down"}"""); break;
            case "status400": await Json(http, 400, """{"error":"bad request"}"""); break;
            case "status404": await Json(http, 404, """{"error":"no such agent"}"""); break;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(3), http.RequestAborted);
                await Json(http, 200, GoodAnswer);
                break;
            case "slow-body":
                // headers and half the answer at once, the rest too late
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(GoodAnswer[..20]);
                await http.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(3), http.RequestAborted);
                await http.Response.WriteAsync(GoodAnswer[20..]);
                break;
            case "nonjson": await Text(http, NotJson); break;
            case "noconfidence": await Json(http, 200, NoConfidence); break;
            case "huge": await Json(http, 200, HugeAnswer()); break;
            case "huge-chunked":
                // no Content-Length: the adapter must cap what it reads itself
                http.Response.ContentType = "application/json";
                var huge = Encoding.UTF8.GetBytes(HugeAnswer());
                for (var i = 0; i < huge.Length; i += 8192)
                {
                    await http.Response.Body.WriteAsync(huge.AsMemory(i, Math.Min(8192, huge.Length - i)));
                    await http.Response.Body.FlushAsync();
                }
                break;
            default: http.Response.StatusCode = 404; break;
        }
    }

    private async Task ChatAsync(string scenario, HttpContext http)
    {
        await Record("chat", scenario, http);
        switch (scenario)
        {
            case "good": await Json(http, 200, Completion(GoodAnswer)); break;
            case "fenced": await Json(http, 200, Completion(Fenced())); break;
            case "status500": await Json(http, 500, ApiError("server_error", "boom")); break;
            case "status429": await Json(http, 429, ApiError("rate_limit_exceeded", "slow down")); break;
            case "status400": await Json(http, 400, ApiError("invalid_request_error", "bad request")); break;
            case "nonjson": await Json(http, 200, Completion(NotJson)); break;
            case "noconfidence": await Json(http, 200, Completion(NoConfidence)); break;
            case "huge": await Json(http, 200, Completion(HugeAnswer())); break;
            default: http.Response.StatusCode = 404; break;
        }
    }

    /// <summary>The chat.completion shape of the OpenAI API, with the answer as the assistant's message and a usage block.</summary>
    public static string Completion(string content) => new JsonObject
    {
        ["id"] = "chatcmpl-test-1",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 200, ["completion_tokens"] = 37, ["total_tokens"] = 237 },
    }.ToJsonString();

    private static string ApiError(string type, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = type } }.ToJsonString();

    private static async Task Json(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = Encoding.UTF8.GetByteCount(body);
        await http.Response.WriteAsync(body);
    }

    private static async Task Text(HttpContext http, string body)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(body);
    }
}
