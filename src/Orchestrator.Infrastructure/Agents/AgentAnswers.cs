using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>Reads an agent's raw answer: JSON with an "output" object, a "confidence" and optionally "cost" and "tokens".</summary>
public static class AgentAnswers
{
    public const int MaxChars = 64 * 1024;

    public static AgentAnswer Parse(string? raw, int? tokensFromTransport = null)
    {
        if (string.IsNullOrWhiteSpace(raw)) throw new AgentAnswerException("the answer was empty.");
        if (raw.Length > MaxChars) throw new AgentAnswerException($"the answer is {raw.Length:N0} characters, more than the {MaxChars:N0} allowed.");
        JsonObject answer;
        try
        {
            answer = JsonNode.Parse(StripFences(raw), documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                     ?? throw new AgentAnswerException("the answer is not a JSON object.");
        }
        catch (JsonException ex) { throw new AgentAnswerException("the answer is not JSON: " + ex.Message); }
        var output = answer["output"] as JsonObject ?? throw new AgentAnswerException("the answer has no \"output\" object.");
        if (answer["confidence"] is not JsonValue c || c.GetValueKind() != JsonValueKind.Number)
            throw new AgentAnswerException("the answer has no numeric \"confidence\".", (JsonObject)output.DeepClone());
        decimal? cost = answer["cost"] is JsonValue k && k.GetValueKind() == JsonValueKind.Number ? k.GetValue<decimal>() : null;
        var tokens = answer["tokens"] is JsonValue t && t.GetValueKind() == JsonValueKind.Number && t.TryGetValue<int>(out var n) ? n : tokensFromTransport ?? 0;
        return new AgentAnswer((JsonObject)output.DeepClone(), c.GetValue<double>(), tokens, cost);
    }

    /// <summary>Chat models like to wrap JSON in a markdown fence.</summary>
    private static string StripFences(string raw)
    {
        var s = raw.Trim();
        if (!s.StartsWith("```", StringComparison.Ordinal)) return s;
        var start = s.IndexOf('\n');
        var end = s.LastIndexOf("```", StringComparison.Ordinal);
        return start > 0 && end > start ? s[(start + 1)..end] : s;
    }
}
