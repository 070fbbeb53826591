using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Web.Features.Tasks;

/// <summary>Moves a form's typed values to and from the JSON an output is stored as.</summary>
public static class FormValues
{
    public static Dictionary<string, object?> FromJson(IReadOnlyList<FieldDefinition> fields, JsonObject? json)
    {
        var values = new Dictionary<string, object?>();
        foreach (var f in fields)
            values[f.Key] = json is not null && json.TryGetPropertyValue(f.Key, out var node) && node is not null ? Read(f, node) : null;
        return values;
    }

    public static JsonObject ToJson(IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, object?> values)
    {
        var json = new JsonObject();
        foreach (var f in fields)
        {
            var value = values.GetValueOrDefault(f.Key);
            JsonNode? node = value switch
            {
                null => null,
                string s when string.IsNullOrWhiteSpace(s) => null,
                string s => JsonValue.Create(s),
                decimal d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                DateTime dt => JsonValue.Create(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                _ => JsonValue.Create(value.ToString()),
            };
            if (node is not null) json[f.Key] = node;
        }
        return json;
    }

    private static object? Read(FieldDefinition f, JsonNode node)
    {
        try
        {
            return f.Type switch
            {
                FieldType.Number or FieldType.Money => node.GetValueKind() == JsonValueKind.Number ? node.GetValue<decimal>() : null,
                FieldType.YesNo => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? node.GetValue<bool>() : null,
                FieldType.Date => node.GetValueKind() == JsonValueKind.String && DateTime.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
                _ => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException) { return null; }
    }
}
