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
        node is null || (node.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(node.GetValue<string>()));

    private static string? CheckType(FieldDefinition field, JsonNode node)
    {
        var kind = node.GetValueKind();
        switch (field.Type)
        {
            case FieldType.Text:
            case FieldType.LongText:
                if (kind != JsonValueKind.String) return $"{field.DisplayName} must be text.";
                var max = field.Type == FieldType.Text ? MaxTextLength : MaxLongTextLength;
                return node.GetValue<string>().Length > max ? $"{field.DisplayName} must be at most {max} characters." : null;
            case FieldType.Number:
                return TryNumber(node, out _) ? null : $"{field.DisplayName} must be a number.";
            case FieldType.Money:
                if (!TryNumber(node, out var amount)) return $"{field.DisplayName} must be an amount of money.";
                return decimal.Round(amount, 2) != amount ? $"{field.DisplayName} must have at most two decimals." : null;
            case FieldType.Date:
                return kind == JsonValueKind.String && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null : $"{field.DisplayName} must be a date (yyyy-MM-dd).";
            case FieldType.YesNo:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : $"{field.DisplayName} must be yes or no.";
            case FieldType.Choice:
                if (kind != JsonValueKind.String) return $"{field.DisplayName} must be one of: {string.Join(", ", field.Choices)}.";
                return field.Choices.Contains(node.GetValue<string>(), StringComparer.Ordinal)
                    ? null : $"{field.DisplayName} must be one of: {string.Join(", ", field.Choices)}.";
            default:
                return $"{field.DisplayName} has an unknown type.";
        }
    }

    private static bool TryNumber(JsonNode node, out decimal value)
    {
        value = 0;
        if (node.GetValueKind() != JsonValueKind.Number) return false;
        try { value = node.GetValue<decimal>(); return true; }
        catch (FormatException) { return false; }
        catch (OverflowException) { return false; }
    }
}
