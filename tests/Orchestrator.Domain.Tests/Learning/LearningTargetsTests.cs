using System.Text.Json.Nodes;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Tests.Learning;

public sealed class LearningTargetsTests
{
    private static StepDefinition Step(params FieldDefinition[] outputs) => new() { Key = "s", Name = "Triage", Outputs = outputs };
    private static readonly FieldDefinition Type = new() { Key = "type", Type = FieldType.Choice, Choices = ["a", "b"] };
    private static readonly FieldDefinition Urgent = new() { Key = "urgent", Type = FieldType.YesNo };

    [Fact]
    public void WhyNot_IsNull_ForChoiceAndYesNoOutputs() => Assert.Null(LearningTargets.WhyNot(Step(Type, Urgent), "learn"));

    [Fact]
    public void WhyNot_Explains_AStepWithoutChoiceOrYesNoOutput() =>
        Assert.Contains("learns choice and yes/no outputs, and this step has none",
            LearningTargets.WhyNot(Step(new FieldDefinition { Key = "letter", Type = FieldType.LongText }), "learn"));

    [Fact]
    public void WhyNot_Names_RequiredOutputsItCannotAnswer() =>
        Assert.Contains("Amount is required", LearningTargets.WhyNot(Step(Type, new FieldDefinition { Key = "amount", Label = "Amount", Type = FieldType.Money }), "learn"));

    [Fact]
    public void Label_AcceptsOnlyTheFieldsChoices()
    {
        Assert.Equal("a", LearningTargets.Label(Type, JsonValue.Create("a")));
        Assert.Null(LearningTargets.Label(Type, JsonValue.Create("z")));
        Assert.Equal("true", LearningTargets.Label(Urgent, JsonValue.Create(true)));
        Assert.Null(LearningTargets.Label(Urgent, JsonValue.Create(3)));
    }
}
