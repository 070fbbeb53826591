using System.Text.Json.Nodes;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Learning;

namespace Orchestrator.Integration.Tests.Learning;

/// <summary>A fixed synthetic set of triage decisions from the demo's claim generator (its ground truth as the label).</summary>
public static class SyntheticClaims
{
    public static List<LabelledExample> Triage(int count, int seed = 11)
    {
        var claims = new DemoClaims(seed);
        var ids = new Random(seed);
        var start = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        return Enumerable.Range(0, count).Select(i =>
        {
            var (payload, truth) = claims.Next();
            var bytes = new byte[16];
            ids.NextBytes(bytes);
            return new LabelledExample(new Guid(bytes), payload, (JsonObject)truth["intake"]!.DeepClone(), start.AddMinutes(i * 30));
        }).ToList();
    }

    /// <summary>What a rule-writer would do in an afternoon: keywords for the type, towing and drivability for severity.</summary>
    public static JsonObject KeywordGuess(JsonObject input)
    {
        var d = input["description"]!.GetValue<string>().ToLowerInvariant();
        string type = d switch
        {
            _ when new[] { "injur", "hurt", "hospital", "ambulance" }.Any(d.Contains) => "injury",
            _ when new[] { "stolen", "taken", "theft", "break-in" }.Any(d.Contains) => "theft",
            _ when new[] { "windscreen", "window", "glass" }.Any(d.Contains) => "glass",
            _ when new[] { "hail", "storm", "flood", "tree", "wind", "ice" }.Any(d.Contains) => "weather",
            _ => "collision",
        };
        var severity = d.Contains("towed") ? "high" : d.Contains("drivable") ? "low" : "medium";
        return new JsonObject { ["claimType"] = type, ["severity"] = severity };
    }
}
