using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Quality;

/// <summary>One labelled example of a step: the input the step receives and the output it should produce.</summary>
public sealed record GoldenExampleDraft(JsonObject Input, JsonObject Expected);

/// <summary>
/// Reads golden examples from CSV (RFC 4180: comma separated, double quotes around values with commas, quotes or line
/// breaks). The header names columns <c>input.&lt;field&gt;</c> and <c>expected.&lt;field&gt;</c>; expected columns must be
/// outputs of the step and are typed by it (yes/no as true/false or yes/no), input columns by the step's inputs when
/// declared. Every bad value is reported as "row N, column"; with any error nothing is returned, so nothing is half-imported.
/// </summary>
public static class GoldenCsv
{
    public const int MaxRows = 5_000;
    public const string InputPrefix = "input.";
    public const string ExpectedPrefix = "expected.";

    public static IReadOnlyList<GoldenExampleDraft> Parse(StepDefinition step, string csv)
    {
        var errors = new List<FieldError>();
        var rows = Rows(csv, errors);
        if (errors.Count > 0) throw new ValidationFailedException("golden.csv-invalid", errors);
        if (rows.Count == 0) throw new ValidationFailedException("golden.csv-invalid", [new("row 1", "The file is empty: expected a header row.")]);
        var header = rows[0].Select(h => h.Trim()).ToList();
        for (var c = 0; c < header.Count; c++)
        {
            var name = header[c];
            if (name.StartsWith(ExpectedPrefix, StringComparison.Ordinal))
            {
                if (step.Outputs.All(o => o.Key != name[ExpectedPrefix.Length..]))
                    errors.Add(new($"row 1, {name}", $"'{name[ExpectedPrefix.Length..]}' is not an output of step {step.Name} ({string.Join(", ", step.Outputs.Select(o => o.Key))})."));
            }
            else if (!name.StartsWith(InputPrefix, StringComparison.Ordinal) || name.Length == InputPrefix.Length)
                errors.Add(new($"row 1, column {c + 1}", $"'{name}' must be input.<field> or expected.<field>."));
            if (header.IndexOf(name) != c) errors.Add(new($"row 1, {name}", "The column appears twice."));
        }
        if (!header.Any(h => h.StartsWith(ExpectedPrefix, StringComparison.Ordinal)))
            errors.Add(new("row 1", "No expected.<field> column: each example needs its expected output."));
        if (rows.Count - 1 > MaxRows) errors.Add(new("file", $"At most {MaxRows} examples per import."));
        if (errors.Count > 0) throw new ValidationFailedException("golden.csv-invalid", errors);

        var drafts = new List<GoldenExampleDraft>();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var at = $"row {r + 1}";
            if (row.Count == 1 && row[0].Length == 0) continue; // a blank line
            if (row.Count != header.Count) { errors.Add(new(at, $"Has {row.Count} values; the header has {header.Count}.")); continue; }
            var input = new JsonObject();
            var expected = new JsonObject();
            for (var c = 0; c < header.Count; c++)
            {
                var name = header[c];
                var text = row[c].Trim();
                if (name.StartsWith(InputPrefix, StringComparison.Ordinal))
                {
                    var key = name[InputPrefix.Length..];
                    var field = step.Inputs.FirstOrDefault(f => f.Key == key);
                    if (text.Length == 0) continue;
                    if (field is null) { input[key] = text; continue; }
                    var (value, error) = Value(field, text);
                    if (error is not null) errors.Add(new($"{at}, {name}", error)); else input[key] = value;
                }
                else
                {
                    var field = step.Outputs.Single(f => f.Key == name[ExpectedPrefix.Length..]);
                    if (text.Length == 0)
                    {
                        if (field.Required) errors.Add(new($"{at}, {name}", $"{field.DisplayName} is required."));
                        continue;
                    }
                    var (value, error) = Value(field, text);
                    if (error is not null) errors.Add(new($"{at}, {name}", error)); else expected[field.Key] = value;
                }
            }
            foreach (var missing in step.Outputs.Where(o => o.Required && !header.Contains(ExpectedPrefix + o.Key)))
                errors.Add(new($"{at}, {ExpectedPrefix}{missing.Key}", $"{missing.DisplayName} is required (no column)."));
            drafts.Add(new(input, expected));
        }
        if (errors.Count > 0) throw new ValidationFailedException("golden.csv-invalid", errors);
        if (drafts.Count == 0) throw new ValidationFailedException("golden.csv-invalid", [new("row 2", "The file has a header but no examples.")]);
        return drafts;
    }

    /// <summary>The CSV header for the step (its inputs, then its outputs), to start a file from.</summary>
    public static string Template(StepDefinition step) =>
        string.Join(",", step.Inputs.Select(f => InputPrefix + f.Key).Concat(step.Outputs.Select(f => ExpectedPrefix + f.Key))) + "\n";

    /// <summary>The text of a cell as the field's JSON value, or why it cannot be.</summary>
    public static (JsonNode? Value, string? Error) Value(FieldDefinition field, string text)
    {
        JsonNode? value = field.Type switch
        {
            FieldType.Number or FieldType.Money => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : null,
            FieldType.YesNo => text.ToLowerInvariant() switch { "true" or "yes" => JsonValue.Create(true), "false" or "no" => JsonValue.Create(false), _ => null },
            _ => JsonValue.Create(text),
        };
        if (value is null) return (null, field.Type == FieldType.YesNo ? $"{field.DisplayName} must be yes or no." : $"{field.DisplayName} must be a number.");
        var errors = OutputValidator.Validate([field with { Required = false }], new JsonObject { [field.Key] = value.DeepClone() });
        return errors.Count > 0 ? (null, errors[0].Message) : (value, null);
    }

    /// <summary>Splits CSV text into rows of values; an unclosed quote is an error on the row it starts.</summary>
    internal static List<List<string>> Rows(string csv, List<FieldError> errors)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowStart = 1;
        for (var i = 0; i < csv.Length; i++)
        {
            var ch = csv[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else { if (ch == '\n') line++; cell.Append(ch); }
                continue;
            }
            switch (ch)
            {
                case '"' when cell.Length == 0: quoted = true; break;
                case ',': row.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    row.Add(cell.ToString()); cell.Clear();
                    rows.Add(row); row = [];
                    rowStart = ++line;
                    break;
                default: cell.Append(ch); break;
            }
        }
        if (quoted) errors.Add(new($"row {rows.Count + 1}", $"A quoted value starting on line {rowStart} is never closed."));
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }
}
