using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>Settings of a simulated agent profile (its SettingsJson).</summary>
public sealed record SimulatedSettings
{
    public double Accuracy { get; init; } = 0.9;
    /// <summary>Subtracted from accuracy, to show drift in the demo.</summary>
    public double Degrade { get; init; }
    public int MinLatencyMs { get; init; } = 200;
    public int MaxLatencyMs { get; init; } = 1500;
    public int Tokens { get; init; } = 800;
    public int Seed { get; init; } = 1;

    public static SimulatedSettings Parse(string json)
    {
        try { return JsonSerializer.Deserialize<SimulatedSettings>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? new(); }
        catch (JsonException) { return new(); }
    }

    /// <summary>The settings JSON with its degrade set, other keys kept as they were.</summary>
    public static string WithDegrade(string json, double degrade)
    {
        JsonObject settings;
        try { settings = JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? new JsonObject(); }
        catch (JsonException) { settings = new JsonObject(); }
        settings["degrade"] = Math.Round(Math.Clamp(degrade, 0, 1), 3);
        return settings.ToJsonString();
    }
}

/// <summary>
/// A built-in agent for the demo and load tests. Right with the profile's accuracy (less any degrade) when the case
/// carries ground truth; its confidence is calibrated: drawn higher when right than when wrong. Reproducible from the
/// seed, the task and the attempt.
/// </summary>
public sealed class SimulatedAgent(TimeProvider clock) : AgentAdapter
{
    public override AgentKind Kind => AgentKind.Simulated;

    public override async Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct)
    {
        var s = SimulatedSettings.Parse(request.Profile.SettingsJson);
        var random = new Random(HashCode.Combine(s.Seed, request.TaskId, request.Attempt));
        var latency = s.MaxLatencyMs <= 0 ? 0 : random.Next(Math.Max(0, s.MinLatencyMs), Math.Max(s.MinLatencyMs, s.MaxLatencyMs) + 1);
        if (latency > 0) await Task.Delay(TimeSpan.FromMilliseconds(latency), clock, ct);

        var truth = request.GroundTruth?[request.Step.Key] as JsonObject;
        var right = random.NextDouble() < Math.Clamp(s.Accuracy - s.Degrade, 0, 1);
        var output = new JsonObject();
        foreach (var field in request.Step.Outputs)
        {
            var value = truth?[field.Key]?.DeepClone() ?? Plausible(field, request.Input, random);
            output[field.Key] = right ? value : Wrong(field, value, random);
        }
        // Calibrated: right answers mostly in 0.80–0.99, wrong ones mostly in 0.45–0.85.
        var confidence = right ? 0.80 + random.NextDouble() * 0.19 : 0.45 + random.NextDouble() * 0.40;
        return new AgentAnswer(output, Math.Round(confidence, 3), s.Tokens + random.Next(0, s.Tokens / 4 + 1));
    }

    private static JsonNode? Plausible(FieldDefinition field, JsonObject input, Random random) => field.Type switch
    {
        FieldType.Choice => field.Choices.Count > 0 ? field.Choices[random.Next(field.Choices.Count)] : "",
        FieldType.YesNo => random.NextDouble() < 0.8,
        FieldType.Number => random.Next(1, 100),
        FieldType.Money => input["estimatedAmount"]?.DeepClone() ?? Math.Round((decimal)(random.NextDouble() * 1000), 2),
        FieldType.Date => DateTime.UtcNow.ToString("yyyy-MM-dd"),
        _ => $"Drafted by a simulated agent for {field.DisplayName}.",
    };

    private static decimal? Number(JsonNode? node) =>
        node is not null && decimal.TryParse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    private static JsonNode? Wrong(FieldDefinition field, JsonNode? value, Random random)
    {
        switch (field.Type)
        {
            case FieldType.Choice when field.Choices.Count > 1:
                var others = field.Choices.Where(c => c != value?.ToString()).ToList();
                return others[random.Next(others.Count)];
            case FieldType.YesNo:
                return !(value?.GetValue<bool>() ?? false);
            case FieldType.Money when Number(value) is { } amount:
                return Math.Round(amount * (decimal)(0.6 + random.NextDouble() * 0.3), 2);
            case FieldType.Number when Number(value) is { } number:
                return number + random.Next(1, 5);
            default:
                return value?.DeepClone();
        }
    }
}
