namespace Orchestrator.Domain.Workflows;

public enum WorkKind { Judgment, Execution, Connective }

public enum FieldType { Text, LongText, Number, Money, Date, YesNo, Choice }

/// <summary>A typed input or output field of a step.</summary>
public sealed record FieldDefinition
{
    public required string Key { get; init; }
    public string? Label { get; init; }
    public FieldType Type { get; init; } = FieldType.Text;
    public bool Required { get; init; } = true;
    public IReadOnlyList<string> Choices { get; init; } = [];
    public string? Help { get; init; }

    public string DisplayName => string.IsNullOrWhiteSpace(Label) ? Key : Label;
}
