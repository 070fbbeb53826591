using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Domain.Workflows;

public enum ChangeKind { Added, Removed, Changed, Moved }

/// <summary>One difference between two versions. <see cref="Step"/> is null for a change to the version itself.</summary>
public sealed record WorkflowChange(ChangeKind Kind, string? Step, string What, string? Before = null, string? After = null)
{
    public override string ToString() => Kind switch
    {
        ChangeKind.Added when Before is null && After is null => $"{Subject}: added",
        ChangeKind.Removed when Before is null && After is null => $"{Subject}: removed",
        _ => $"{Subject}: {Before ?? "—"} → {After ?? "—"}",
    };

    private string Subject => Step is null ? What : What.Length == 0 ? $"step {Step}" : $"step {Step}, {What}";
}

/// <summary>
/// What changed from one version's steps to another's: steps added, removed, moved or changed, and within a step every
/// property, field, rubric criterion and list entry. Steps and fields are matched by key, rubric criteria by name.
/// </summary>
public static class WorkflowDiff
{
    public static IReadOnlyList<WorkflowChange> Compare(IReadOnlyList<StepDefinition> from, IReadOnlyList<StepDefinition> to,
        decimal fromPrice = 0, decimal toPrice = 0)
    {
        var changes = new List<WorkflowChange>();
        if (fromPrice != toPrice)
            changes.Add(new(ChangeKind.Changed, null, "outcome price", Text(fromPrice), Text(toPrice)));
        var before = from.Select((s, i) => (s, i)).ToDictionary(x => x.s.Key, StringComparer.Ordinal);
        var after = to.Select((s, i) => (s, i)).ToDictionary(x => x.s.Key, StringComparer.Ordinal);
        foreach (var old in from.Where(s => !after.ContainsKey(s.Key)))
            changes.Add(new(ChangeKind.Removed, old.Key, ""));
        for (var i = 0; i < to.Count; i++)
        {
            var step = to[i];
            if (!before.TryGetValue(step.Key, out var old)) { changes.Add(new(ChangeKind.Added, step.Key, "")); continue; }
            if (RelativeOrder(from, to, step.Key))
                changes.Add(new(ChangeKind.Moved, step.Key, "position", (old.i + 1).ToString(CultureInfo.InvariantCulture), (i + 1).ToString(CultureInfo.InvariantCulture)));
            CompareNode(step.Key, "", DefinitionJson.ToNode(old.s), DefinitionJson.ToNode(step), changes);
        }
        return changes;
    }

    /// <summary>True when the step sits among different neighbours: its rank among the steps both versions share changed.</summary>
    private static bool RelativeOrder(IReadOnlyList<StepDefinition> from, IReadOnlyList<StepDefinition> to, string key)
    {
        var shared = from.Select(s => s.Key).Intersect(to.Select(s => s.Key)).ToHashSet();
        var a = from.Where(s => shared.Contains(s.Key)).Select(s => s.Key).ToList();
        var b = to.Where(s => shared.Contains(s.Key)).Select(s => s.Key).ToList();
        return a.IndexOf(key) != b.IndexOf(key);
    }

    private static void CompareNode(string step, string path, JsonNode? a, JsonNode? b, List<WorkflowChange> changes)
    {
        switch (a, b)
        {
            case (JsonObject oa, JsonObject ob):
                foreach (var name in ob.Select(p => p.Key).Concat(oa.Select(p => p.Key)).Distinct())
                    CompareNode(step, Join(path, name), oa[name], ob[name], changes);
                break;
            case (JsonArray xa, JsonArray xb) when Identity(xa, xb) is { } id:
                CompareKeyed(step, path, id, xa, xb, changes);
                break;
            case (JsonArray xa, JsonArray xb) when xa.All(IsScalar) && xb.All(IsScalar):
                var was = xa.Select(Text).ToList();
                var now = xb.Select(Text).ToList();
                if (!was.SequenceEqual(now)) changes.Add(new(ChangeKind.Changed, step, Humanize(path), List(was), List(now)));
                break;
            case (JsonObject, null):
                changes.Add(new(ChangeKind.Removed, step, Humanize(path)));
                break;
            case (null, JsonObject):
                changes.Add(new(ChangeKind.Added, step, Humanize(path)));
                break;
            default:
                if (!JsonNode.DeepEquals(a, b)) changes.Add(new(ChangeKind.Changed, step, Humanize(path), Text(a), Text(b)));
                break;
        }
    }

    private static void CompareKeyed(string step, string path, string id, JsonArray a, JsonArray b, List<WorkflowChange> changes)
    {
        var old = a.OfType<JsonObject>().ToDictionary(o => Text(o[id]) ?? "", StringComparer.Ordinal);
        var now = b.OfType<JsonObject>().ToDictionary(o => Text(o[id]) ?? "", StringComparer.Ordinal);
        foreach (var gone in old.Keys.Where(k => !now.ContainsKey(k)))
            changes.Add(new(ChangeKind.Removed, step, $"{Humanize(path)} {gone}"));
        foreach (var (key, item) in now)
        {
            if (!old.TryGetValue(key, out var was)) { changes.Add(new(ChangeKind.Added, step, $"{Humanize(path)} {key}")); continue; }
            CompareNode(step, $"{path}[{key}]", was, item, changes);
        }
    }

    /// <summary>The property that identifies items of a list of objects (fields by key, rubric criteria by name), if unique.</summary>
    private static string? Identity(JsonArray a, JsonArray b)
    {
        var items = a.Concat(b).ToList();
        if (items.Count == 0 || !items.All(i => i is JsonObject)) return null;
        foreach (var id in (string[])["key", "name"])
            if (items.All(i => i![id] is JsonValue) && a.Select(i => Text(i![id])).Distinct().Count() == a.Count && b.Select(i => Text(i![id])).Distinct().Count() == b.Count)
                return id;
        return null;
    }

    private static bool IsScalar(JsonNode? n) => n is null or JsonValue;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>"staffing.agentShare" → "staffing agent share"; "outputs[amount].choices" → "outputs amount choices".</summary>
    public static string Humanize(string path)
    {
        var text = new StringBuilder();
        foreach (var c in path)
        {
            if (c is '.' or '[') { text.Append(' '); continue; }
            if (c == ']') continue;
            if (char.IsUpper(c)) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString().Trim();
    }

    private static string? List(IReadOnlyList<string?> items) => items.Count == 0 ? "none" : string.Join(", ", items);

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
