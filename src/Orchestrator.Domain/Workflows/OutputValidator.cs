using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;

namespace Orchestrator.Domain.Workflows;

/// <summary>Checks values (a task's output, a case's payload) against typed fields.</summary>
public static class OutputValidator
{
    public const int MaxTextLength = 4_000;
    public const int MaxLongTextLength = 100_000;

    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<FieldDefinition> fields, JsonObject? values)
    {
        values ??= new JsonObject();
        var errors = new List<FieldError>();
        foreach (var field in fields)
        {
            values.TryGetPropertyValue(field.Key, out var node);
            if (IsMissing(node))
            {
                if (field.Required) errors.Add(new(field.Key, $"{field.DisplayName} is required."));
                continue;
            }
            var error = CheckType(field, node!);
            if (error is not null) errors.Add(new(field.Key, error));
        }
        return errors;
    }

    /// <summary>Throws a <see cref="ValidationFailedException"/> naming every bad field.</summary>
    public static void EnsureValid(IReadOnlyList<FieldDefinition> fields, JsonObject? values, string code = "output.invalid")
    {
        var errors = Validate(fields, values);
        if (errors.Count > 0) throw new ValidationFailedException(code, errors);
    }

    private static bool IsMissing(JsonNode? node) =>
        node is null || (node.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(StringOf(node)));

    private static string? CheckType(FieldDefinition field, JsonNode node)
    {
        var kind = node.GetValueKind();
        switch (field.Type)
        {
            case FieldType.Text:
            case FieldType.LongText:
                if (kind != JsonValueKind.String) return $"{field.DisplayName} must be text.";
                var max = field.Type == FieldType.Text ? MaxTextLength : MaxLongTextLength;
                return StringOf(node).Length > max ? $"{field.DisplayName} must be at most {max} characters." : null;
            case FieldType.Number:
                return TryNumber(node, out _) ? null : $"{field.DisplayName} must be a number.";
            case FieldType.Money:
                if (!TryNumber(node, out var amount)) return $"{field.DisplayName} must be an amount of money.";
                return decimal.Round(amount, 2) != amount ? $"{field.DisplayName} must have at most two decimals." : null;
            case FieldType.Date:
                return kind == JsonValueKind.String && DateOnly.TryParseExact(StringOf(node), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null : $"{field.DisplayName} must be a date (yyyy-MM-dd).";
            case FieldType.YesNo:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : $"{field.DisplayName} must be yes or no.";
            case FieldType.Choice:
                if (kind != JsonValueKind.String) return $"{field.DisplayName} must be one of: {string.Join(", ", field.Choices)}.";
                return field.Choices.Contains(StringOf(node), StringComparer.Ordinal)
                    ? null : $"{field.DisplayName} must be one of: {string.Join(", ", field.Choices)}.";
            default:
                return $"{field.DisplayName} has an unknown type.";
        }
    }

    /// <summary>The value of a string node, also when it was built in code from a string-like type (a date, a guid).</summary>
    private static string StringOf(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(node.ToJsonString()) ?? "";

    /// <summary>Reads any JSON number as a decimal, whether parsed or built in code (int, double); false when it does not fit.</summary>
    private static bool TryNumber(JsonNode node, out decimal value)
    {
        value = 0;
        return node.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
