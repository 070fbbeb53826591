using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Quality;

/// <summary>A reviewer's judgement of one agent output: per rubric criterion, overall, and what it should have been.</summary>
public sealed record Verdict(bool Pass, IReadOnlyDictionary<string, bool> Criteria, JsonObject? CorrectedOutput, string? Notes);

/// <summary>The output fields of a review task, built from the step's rubric, and the checks on a reviewer's answer.</summary>
public static class ReviewVerdict
{
    public const string Pass = "pass";
    public const string Notes = "notes";
    public const string Corrected = "correctedOutput";
    public const string CriterionPrefix = "criterion-";

    /// <summary>The review form without a rubric.</summary>
    public static readonly IReadOnlyList<FieldDefinition> Fields = FieldsFor([]);

    public static string CriterionKey(int index) => CriterionPrefix + (index + 1);

    /// <summary>One yes/no per rubric criterion, then the overall verdict, an optional corrected output and notes.</summary>
    public static IReadOnlyList<FieldDefinition> FieldsFor(IReadOnlyList<RubricCriterion> rubric) =>
    [
        .. rubric.Select((c, i) => new FieldDefinition { Key = CriterionKey(i), Label = c.Name, Type = FieldType.YesNo, Help = c.Good }),
        new() { Key = Pass, Label = "Agent output is correct", Type = FieldType.YesNo },
        new() { Key = Corrected, Label = "Corrected output (JSON, when wrong)", Type = FieldType.LongText, Required = false },
        new() { Key = Notes, Label = "Notes", Type = FieldType.LongText, Required = false },
    ];

    /// <summary>
    /// Beyond the field types: an output that fails a criterion cannot pass overall, and a corrected output must be a JSON
    /// object that the step itself would accept.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject output, IReadOnlyList<RubricCriterion> rubric, IReadOnlyList<FieldDefinition> stepOutputs)
    {
        var errors = OutputValidator.Validate(FieldsFor(rubric), output).ToList();
        if (errors.Count > 0) return errors;
        var failed = rubric.Where((_, i) => output[CriterionKey(i)]?.GetValue<bool>() == false).Select(c => c.Name).ToList();
        if (output[Pass]?.GetValue<bool>() == true && failed.Count > 0)
            errors.Add(new(Pass, $"It fails {string.Join(", ", failed)}, so it cannot pass overall."));
        if (CorrectedText(output) is { } text)
        {
            JsonObject? corrected = null;
            try { corrected = JsonNode.Parse(text) as JsonObject; }
            catch (JsonException) { }
            if (corrected is null) errors.Add(new(Corrected, "The corrected output must be a JSON object, like {\"field\": \"value\"}."));
            else errors.AddRange(OutputValidator.Validate(stepOutputs, corrected).Select(e => new FieldError(Corrected, e.Message)));
        }
        return errors;
    }

    public static Verdict Read(JsonObject output, IReadOnlyList<RubricCriterion> rubric) => new(
        output[Pass]?.GetValue<bool>() == true,
        rubric.Select((c, i) => (c.Name, Value: output[CriterionKey(i)]?.GetValue<bool>()))
            .Where(x => x.Value is not null).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().Value!.Value),
        CorrectedOutput(output),
        output[Notes]?.GetValue<string>() is { Length: > 0 } notes ? notes : null);

    public static JsonObject? CorrectedOutput(JsonObject reviewOutput)
    {
        if (CorrectedText(reviewOutput) is not { } text) return null;
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static string? CorrectedText(JsonObject output) =>
        output[Corrected] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
