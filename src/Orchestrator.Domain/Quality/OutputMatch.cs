using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Domain.Quality;

/// <summary>
/// Exact match of one output against a reference, field by field: what golden-set accuracy and shadow agreement count.
/// Numbers compare by value (2 equals 2.0), text by its exact characters, and a field missing on both sides matches.
/// </summary>
public static class OutputMatch
{
    /// <summary>Field → whether <paramref name="actual"/> has the reference's value. A null actual (no answer) matches nothing.</summary>
    public static IReadOnlyDictionary<string, bool> Fields(IEnumerable<string> fields, JsonObject reference, JsonObject? actual) =>
        fields.Distinct().ToDictionary(f => f, f => actual is not null && Same(reference[f], actual[f]));

    /// <summary>Every field matches (and there is at least one to compare).</summary>
    public static bool All(IEnumerable<string> fields, JsonObject reference, JsonObject? actual)
    {
        var matches = Fields(fields, reference, actual);
        return matches.Count > 0 && matches.Values.All(m => m);
    }

    public static bool Same(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b)) return IsNull(a) && IsNull(b);
        if (a!.GetValueKind() == JsonValueKind.Number && b!.GetValueKind() == JsonValueKind.Number)
            return decimal.TryParse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && decimal.TryParse(b.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                ? x == y : a.ToJsonString() == b.ToJsonString();
        return JsonNode.DeepEquals(a, b);
    }

    private static bool IsNull(JsonNode? n) => n is null || n.GetValueKind() == JsonValueKind.Null;
}

/// <summary>Accuracy of one output field over a set of examples.</summary>
public sealed record FieldAccuracy(string Field, Proportion Accuracy);

/// <summary>
/// How a set of answers scored against their references: overall (an example counts when every labelled field matches)
/// and per field, each with its Wilson 95% interval.
/// </summary>
public sealed record MatchScore(Proportion Overall, IReadOnlyList<FieldAccuracy> Fields)
{
    /// <summary>Scores (reference, answer) pairs over the fields each reference labels (restricted to <paramref name="outputFields"/>).</summary>
    public static MatchScore Of(IReadOnlyList<string> outputFields, IEnumerable<(JsonObject Reference, JsonObject? Answer)> pairs)
    {
        var overall = 0;
        var trials = 0;
        var perField = outputFields.ToDictionary(f => f, _ => (Hits: 0, Trials: 0));
        foreach (var (reference, answer) in pairs)
        {
            var labelled = outputFields.Where(reference.ContainsKey).ToList();
            var matches = OutputMatch.Fields(labelled, reference, answer);
            trials++;
            if (matches.Count > 0 && matches.Values.All(m => m)) overall++;
            foreach (var (field, hit) in matches) perField[field] = (perField[field].Hits + (hit ? 1 : 0), perField[field].Trials + 1);
        }
        return new(Proportion.Of(overall, trials),
            perField.Where(f => f.Value.Trials > 0).Select(f => new FieldAccuracy(f.Key, Proportion.Of(f.Value.Hits, f.Value.Trials))).ToList());
    }

    /// <summary>A run passes a threshold when its measured accuracy (the point estimate) reaches it.</summary>
    public bool Passes(double threshold) => Overall.IsMeasured && Overall.Value >= threshold;
}

/// <summary>What a reviewer's verdict says the right output was: the correction, else the output they passed.</summary>
public static class ReviewedOutput
{
    /// <summary>Null when there is no verdict yet, or it failed the output without saying what was right.</summary>
    public static JsonObject? Of(bool? passed, JsonObject? corrected, JsonObject? accepted) =>
        corrected ?? (passed == true ? accepted : null);
}
