using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Orchestrator.Domain.Learning;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>The row every step model reads: the step's inputs flattened into text, category tokens and numbers.</summary>
internal sealed class ModelRow
{
    public string Text { get; set; } = "";
    public string Categories { get; set; } = "";
    public float[] Numbers { get; set; } = [];
    public string Label { get; set; } = "";
}

internal sealed class ModelScore
{
    public float[] Score { get; set; } = [];
    public string PredictedLabelValue { get; set; } = "";
}

internal static class ModelRows
{
    /// <summary>The number vector's size is known only from the layout; one constant slot keeps it non-empty.</summary>
    public static SchemaDefinition Schema(FeatureLayout layout)
    {
        var schema = SchemaDefinition.Create(typeof(ModelRow));
        schema[nameof(ModelRow.Numbers)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, layout.Numbers.Count + 1);
        return schema;
    }

    public static ModelRow From(FeatureLayout layout, JsonObject input, string label = "")
    {
        var numbers = new float[layout.Numbers.Count + 1];
        for (var i = 0; i < layout.Numbers.Count; i++) numbers[i] = Scaled(input[layout.Numbers[i]]);
        numbers[^1] = 1;
        return new ModelRow
        {
            // A constant token in each keeps the featurized vectors a known size even when a step has no such inputs.
            Text = string.Join(" . ", layout.Text.Select(k => Text(input[k])).Where(t => t.Length > 0).Prepend("start")),
            Categories = string.Join(' ', layout.Categories.Select(k => Token(k, input[k]))
                .Concat(layout.NumberBands ? layout.Numbers.Select(k => Band(k, input[k])) : []).Prepend("start")),
            Numbers = numbers,
            Label = label,
        };
    }

    /// <summary>Amounts span orders of magnitude: a signed log keeps 300 and 30,000 apart without drowning the rest.</summary>
    private static float Scaled(JsonNode? node) => Number(node) is { } d ? (float)(Math.Sign(d) * Math.Log(1 + Math.Abs(d))) : 0;

    /// <summary>
    /// A number's magnitude band, five to a decade (1, 1.6, 2.5, 4, 6.3, 10, …: the preferred numbers people round to),
    /// as a token: a linear model learns "above 2,500" from bands where one weight on the number alone cannot.
    /// </summary>
    private static string Band(string key, JsonNode? node) => Number(node) is { } d
        ? $"{key}_b{(d < 0 ? "n" : "")}{(int)Math.Floor(Math.Log10(1 + Math.Abs(d)) * 5 + 1e-9)}".ToLowerInvariant()
        : $"{key}_none".ToLowerInvariant();

    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        var text = v.GetValueKind() switch
        {
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.String => v.GetValue<string>(),
            _ => "",
        };
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Token(string key, JsonNode? node) =>
        $"{key}_{new string(Text(node).Where(char.IsLetterOrDigit).ToArray())}".ToLowerInvariant();

    /// <summary>
    /// A short text that is different in (nearly) every example, such as a policy number or a name, identifies the case
    /// and teaches nothing about the next one: as features its tokens only let the model memorize its training examples
    /// and dilute the words that matter. Long texts (what happened) are always read.
    /// </summary>
    private static bool Identifying(string key, IReadOnlyList<JsonObject> examples)
    {
        var values = examples.Select(e => Text(e[key])).Where(t => t.Length > 0).ToList();
        return values.Count >= 20 && values.Distinct(StringComparer.OrdinalIgnoreCase).Count() > 0.9 * values.Count;
    }

    /// <summary>
    /// Declared step inputs when there are any; otherwise whatever the examples carry (later steps see the payload and earlier outputs).
    /// The step's own outputs are never inputs.
    /// </summary>
    public static FeatureLayout Layout(Domain.Workflows.StepDefinition step, IEnumerable<JsonObject> inputs)
    {
        var own = step.Outputs.Select(f => f.Key).ToHashSet();
        var examples = inputs as IReadOnlyList<JsonObject> ?? inputs.ToList();
        if (step.Inputs.Count > 0)
            return new FeatureLayout
            {
                Text = step.Inputs.Where(f => f.Type == Domain.Workflows.FieldType.LongText
                    || f.Type == Domain.Workflows.FieldType.Text && !Identifying(f.Key, examples)).Select(f => f.Key).ToList(),
                Numbers = step.Inputs.Where(f => f.Type is Domain.Workflows.FieldType.Number or Domain.Workflows.FieldType.Money).Select(f => f.Key).ToList(),
                Categories = step.Inputs.Where(f => f.Type is Domain.Workflows.FieldType.Choice or Domain.Workflows.FieldType.YesNo).Select(f => f.Key).ToList(),
                NumberBands = true,
            };
        var kinds = new SortedDictionary<string, JsonValueKind>(StringComparer.Ordinal);
        foreach (var input in examples)
            foreach (var (key, value) in input)
                if (!own.Contains(key) && value is not null && !kinds.ContainsKey(key)) kinds[key] = value.GetValueKind();
        return new FeatureLayout
        {
            Text = kinds.Where(k => k.Value == JsonValueKind.String && !Identifying(k.Key, examples)).Select(k => k.Key).ToList(),
            Numbers = kinds.Where(k => k.Value == JsonValueKind.Number).Select(k => k.Key).ToList(),
            Categories = kinds.Where(k => k.Value is JsonValueKind.True or JsonValueKind.False).Select(k => k.Key).ToList(),
            NumberBands = true,
        };
    }
}
