using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Learning;

/// <summary>What a learning agent can learn at a step: its choice and yes/no output fields, one model each.</summary>
public static class LearningTargets
{
    public static IReadOnlyList<FieldDefinition> Fields(StepDefinition step) =>
        step.Outputs.Where(f => f.Type == FieldType.YesNo || (f.Type == FieldType.Choice && f.Choices.Count > 1)).ToList();

    public static bool CanLearn(StepDefinition step) => Fields(step).Count > 0;

    /// <summary>A learning agent answers every output field, so every other required output must be learnable too.</summary>
    public static string? WhyNot(StepDefinition step, string agentKey)
    {
        if (!CanLearn(step))
            return $"Learning agent '{agentKey}' cannot work step '{step.Name}': it learns choice and yes/no outputs, and this step has none.";
        var others = step.Outputs.Where(f => f.Required && !Fields(step).Contains(f)).Select(f => f.DisplayName).ToList();
        return others.Count == 0 ? null
            : $"Learning agent '{agentKey}' cannot work step '{step.Name}': it answers only choice and yes/no outputs, and {string.Join(", ", others)} {(others.Count == 1 ? "is" : "are")} required.";
    }

    /// <summary>The label text of an output value: choices as they are, yes/no as "true"/"false".</summary>
    public static string? Label(FieldDefinition field, System.Text.Json.Nodes.JsonNode? value)
    {
        if (value is null) return null;
        if (field.Type == FieldType.YesNo)
            return value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.True => "true",
                System.Text.Json.JsonValueKind.False => "false",
                System.Text.Json.JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var b) => b ? "true" : "false",
                _ => null,
            };
        var text = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return field.Choices.Contains(text) ? text : null;
    }
}
