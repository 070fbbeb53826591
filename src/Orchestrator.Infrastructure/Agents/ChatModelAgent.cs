using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using OpenAI;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// Any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, Ollama, vLLM) through Microsoft.Extensions.AI. The
/// endpoint and model come from the profile; the key from configuration ("Agents:Keys:&lt;profile key&gt;", e.g. user
/// secrets or an environment variable), never from source or the database. Token usage becomes cost.
/// </summary>
public sealed class ChatModelAgent(IConfiguration configuration) : AgentAdapter
{
    public override AgentKind Kind => AgentKind.ChatModel;

    public override async Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct)
    {
        var profile = request.Profile;
        if (string.IsNullOrWhiteSpace(profile.Endpoint) || !Uri.TryCreate(profile.Endpoint, UriKind.Absolute, out var endpoint))
            throw new AgentAnswerException($"agent {profile.Key} has no valid endpoint URL.");
        var key = configuration[$"Agents:Keys:{profile.Key}"] ?? "none";
        IChatClient chat = new OpenAI.Chat.ChatClient(profile.Model, new ApiKeyCredential(key),
            new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = TimeSpan.FromSeconds(60), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) }).AsIChatClient();
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(Prompt(request), new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 }, ct);
        }
        catch (ClientResultException ex) when (ex.Status is 0 or 408 or 429 or >= 500) { throw new AgentTransientException($"the model endpoint answered {ex.Status}: {Short(ex.Message)}", ex); }
        catch (ClientResultException ex) { throw new AgentAnswerException($"the model endpoint refused the call ({ex.Status}): {Short(ex.Message)}"); }
        catch (HttpRequestException ex) { throw new AgentTransientException("the model endpoint could not be reached: " + Short(ex.Message), ex); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw new AgentTransientException("the model did not answer in time."); }
        var tokens = (int)(response.Usage?.TotalTokenCount ?? 0);
        return AgentAnswers.Parse(response.Text, tokens) with { Cost = null, Tokens = tokens };
    }

    public static IList<ChatMessage> Prompt(AgentRequest request)
    {
        var fields = request.Step.Outputs.Select(f => new { f.Key, Label = f.DisplayName, Type = f.Type.ToString(), f.Required, f.Choices });
        var system = $"""
            You work one step of a business workflow: "{request.Step.Name}". {request.Step.Description}
            Answer with one JSON object and nothing else: {"{"}"output": {"{"}...{"}"}, "confidence": <0..1>{"}"}.
            "output" has one property per field below, with the field's type (Text and LongText: string; Number and Money: number;
            Date: "yyyy-MM-dd"; YesNo: true or false; Choice: one of its choices). "confidence" is the probability that your whole
            output is right; say less than 0.5 when you are unsure, so a person checks it.
            Fields: {JsonSerializer.Serialize(fields, DomainJson.Options)}
            """;
        return [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, "Case input: " + request.Input.ToJsonString())];
    }

    private static string Short(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
