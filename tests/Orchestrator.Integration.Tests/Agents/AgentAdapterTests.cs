using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Agents;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Demo;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>The HTTP and chat-model adapters against a real local HTTP server.</summary>
public sealed class AgentAdapterTests(FakeAgentServer server) : IClassFixture<FakeAgentServer>
{
    private const string ChatKey = "sk-test-secret-123";

    private static readonly IHttpClientFactory Clients = new ServiceCollection()
        .AddHttpClient(HttpAgent.ClientName, c => c.Timeout = TimeSpan.FromMinutes(2)).Services
        .BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

    private static AgentProfile HttpProfile(string? endpoint, string settings = "{}") =>
        AgentProfile.Create("http-doc-agent", "HTTP document agent", AgentKind.Http, "remote", "1.0", 0.01m, 0.02m, 4, DateTime.UtcNow,
            endpoint: endpoint, settingsJson: settings);

    private static AgentProfile ChatProfile(string endpoint) =>
        AgentProfile.Create("chat-doc-agent", "Chat document agent", AgentKind.ChatModel, "test-model", "2026-01", 0m, 0.5m, 4, DateTime.UtcNow,
            endpoint: endpoint);

    private static AgentRequest Request(AgentProfile profile) =>
        new(Guid.NewGuid(), 2, DocumentCheckWorkflow.Steps()[0], new JsonObject { ["documentUrl"] = "https://example.test/doc.pdf" }, profile, null);

    private static Task<AgentAnswer> RunHttp(AgentProfile profile) => new HttpAgent(Clients).RunAsync(Request(profile), CancellationToken.None);

    private static Task<AgentAnswer> RunChat(AgentProfile profile)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Agents:Keys:{profile.Key}"] = ChatKey }).Build();
        return new ChatModelAgent(config).RunAsync(Request(profile), CancellationToken.None);
    }

    private static void AssertGood(AgentAnswer answer)
    {
        Assert.True(answer.Output["legible"]!.GetValue<bool>());
        Assert.Equal(3, answer.Output["pages"]!.GetValue<int>());
        Assert.Equal("fine", answer.Output["notes"]!.GetValue<string>());
        Assert.Equal(0.92, answer.Confidence, 6);
    }

    // ---------- HTTP agent ----------

    [Fact]
    public async Task Http_good_answer_gives_output_confidence_tokens_and_cost_and_sends_the_task()
    {
        var profile = HttpProfile(server.AgentUrl("good"));
        var request = Request(profile);
        var answer = await new HttpAgent(Clients).RunAsync(request, CancellationToken.None);

        AssertGood(answer);
        Assert.Equal(150, answer.Tokens);
        Assert.Equal(0.05m, answer.Cost);

        var sent = server.LastBodies["agent:good"];
        Assert.Equal(request.TaskId, sent["taskId"]!.GetValue<Guid>());
        Assert.Equal(2, sent["attempt"]!.GetValue<int>());
        Assert.Equal("verify", sent["step"]!["key"]!.GetValue<string>());
        Assert.Equal(3, sent["step"]!["outputs"]!.AsArray().Count);
        Assert.Equal("https://example.test/doc.pdf", sent["input"]!["documentUrl"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("status500")]
    [InlineData("status503")]
    [InlineData("status429")]
    public async Task Http_server_errors_and_rate_limits_are_transient_and_not_retried_inside_the_adapter(string scenario)
    {
        var ex = await Assert.ThrowsAsync<AgentTransientException>(() => RunHttp(HttpProfile(server.AgentUrl(scenario))));
        Assert.Contains(scenario[^3..], ex.Message);
        Assert.Equal(1, server.Hits["agent:" + scenario]); // retries belong to RunAgentTask, not the adapter
    }

    [Theory]
    [InlineData("status400")]
    [InlineData("status404")]
    public async Task Http_client_errors_are_unusable_answers(string scenario)
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunHttp(HttpProfile(server.AgentUrl(scenario))));
        Assert.Contains(scenario[^3..], ex.Message);
    }

    [Fact]
    public async Task Http_timeout_from_the_profile_settings_is_transient()
    {
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<AgentTransientException>(() => RunHttp(HttpProfile(server.AgentUrl("slow"), """{"timeoutSeconds":1}""")));
        watch.Stop();
        Assert.Contains("1 s", ex.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 2.8);
    }

    [Fact]
    public async Task Http_answer_that_stops_halfway_past_the_timeout_is_transient()
    {
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<AgentTransientException>(() => RunHttp(HttpProfile(server.AgentUrl("slow-body"), """{"timeoutSeconds":1}""")));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 2.8);
    }

    [Fact]
    public async Task Http_unreachable_endpoint_is_transient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        await Assert.ThrowsAsync<AgentTransientException>(() => RunHttp(HttpProfile($"http://127.0.0.1:{port}/agent")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    public async Task Http_profile_without_a_valid_endpoint_is_an_unusable_answer(string? endpoint)
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunHttp(HttpProfile(endpoint)));
        Assert.Contains("endpoint", ex.Message);
    }

    [Fact]
    public async Task Http_non_json_answer_is_unusable()
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunHttp(HttpProfile(server.AgentUrl("nonjson"))));
        Assert.Contains("not JSON", ex.Message);
    }

    [Fact]
    public async Task Http_answer_without_confidence_is_unusable_but_keeps_the_draft()
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunHttp(HttpProfile(server.AgentUrl("noconfidence"))));
        Assert.Contains("confidence", ex.Message);
        Assert.NotNull(ex.Draft);
        Assert.Equal(3, ex.Draft!["pages"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("huge", "bytes")]            // Content-Length tells up front
    [InlineData("huge-chunked", "characters")] // no length: the adapter reads at most 64 KB + 1 and the parser refuses it
    public async Task Http_answer_over_64_KB_is_unusable(string scenario, string unit)
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunHttp(HttpProfile(server.AgentUrl(scenario))));
        Assert.Contains(unit, ex.Message);
        Assert.Contains("65,536", ex.Message);
    }

    [Fact]
    public async Task Http_markdown_fenced_json_is_read_like_the_parser_says()
    {
        var answer = await RunHttp(HttpProfile(server.AgentUrl("fenced")));
        AssertGood(answer);
    }

    // ---------- chat model (OpenAI-compatible) ----------

    [Fact]
    public async Task Chat_good_answer_takes_tokens_from_usage_and_prices_from_the_profile()
    {
        var profile = ChatProfile(server.ChatUrl("good"));
        var answer = await RunChat(profile);

        AssertGood(answer);
        Assert.Equal(237, answer.Tokens);  // usage.total_tokens, not the answer's own "tokens"
        Assert.Null(answer.Cost);           // a model does not price itself: the profile does
        Assert.Equal("Bearer " + ChatKey, server.LastAuthorization["chat:good"]);
        var sent = server.LastBodies["chat:good"];
        Assert.Equal("test-model", sent["model"]!.GetValue<string>());
        Assert.Equal("json_object", sent["response_format"]!["type"]!.GetValue<string>());
        var messages = sent["messages"]!.AsArray();
        Assert.Equal(2, messages.Count);
        Assert.Contains("doc.pdf", messages[1]!.ToJsonString());
        Assert.Contains("pages", messages[0]!.ToJsonString());
    }

    [Fact]
    public async Task Chat_markdown_fenced_json_is_accepted()
    {
        var answer = await RunChat(ChatProfile(server.ChatUrl("fenced")));
        AssertGood(answer);
        Assert.Equal(237, answer.Tokens);
    }

    [Theory]
    [InlineData("status500")]
    [InlineData("status429")]
    public async Task Chat_server_errors_and_rate_limits_are_transient_without_hidden_retries(string scenario)
    {
        var ex = await Assert.ThrowsAsync<AgentTransientException>(() => RunChat(ChatProfile(server.ChatUrl(scenario))));
        Assert.Contains(scenario[^3..], ex.Message);
        Assert.Equal(1, server.Hits["chat:" + scenario]);
    }

    [Fact]
    public async Task Chat_bad_request_is_an_unusable_answer()
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunChat(ChatProfile(server.ChatUrl("status400"))));
        Assert.Contains("400", ex.Message);
    }

    [Theory]
    [InlineData("nonjson", "not JSON")]
    [InlineData("noconfidence", "confidence")]
    [InlineData("huge", "65,536")]
    public async Task Chat_unusable_content_is_refused_like_the_parser_says(string scenario, string expected)
    {
        var ex = await Assert.ThrowsAsync<AgentAnswerException>(() => RunChat(ChatProfile(server.ChatUrl(scenario))));
        Assert.Contains(expected, ex.Message);
        if (scenario == "noconfidence") Assert.NotNull(ex.Draft);
    }

    [Fact]
    public async Task Chat_profile_without_endpoint_is_an_unusable_answer()
    {
        var profile = AgentProfile.Create("chat-none", "Chat", AgentKind.ChatModel, "m", "1", 0, 0, 1, DateTime.UtcNow);
        await Assert.ThrowsAsync<AgentAnswerException>(() => RunChat(profile));
    }

    // ---------- the parser itself ----------

    [Theory]
    [InlineData("""{"output":{"a":1},"confidence":"high"}""", "confidence")]
    [InlineData("""{"output":[1,2],"confidence":0.9}""", "output")]
    [InlineData("""[1,2,3]""", "not a JSON object")]
    [InlineData("   ", "empty")]
    public void Parse_refuses_answers_it_cannot_use(string raw, string expected)
    {
        var ex = Assert.Throws<AgentAnswerException>(() => AgentAnswers.Parse(raw));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Parse_prefers_the_answers_own_tokens_over_the_transport_count()
    {
        Assert.Equal(150, AgentAnswers.Parse(FakeAgentServer.GoodAnswer, 999).Tokens);
        Assert.Equal(999, AgentAnswers.Parse("""{"output":{},"confidence":0.5}""", 999).Tokens);
    }
}
