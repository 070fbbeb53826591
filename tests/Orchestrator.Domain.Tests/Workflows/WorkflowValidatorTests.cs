using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Workflows;

public class WorkflowValidatorTests
{
    private static IReadOnlyList<string> Fields(params StepDefinition[] steps) =>
        WorkflowValidator.Validate(steps).Select(e => e.Field).ToList();

    [Fact]
    public void Validate_AcceptsTheThreeStepWorkflow() => Assert.Empty(WorkflowValidator.Validate(ThreeSteps()));

    [Fact]
    public void Validate_Fails_WhenThereAreNoSteps() => Assert.Equal(["steps"], Fields());

    [Fact]
    public void Validate_Fails_WhenStepKeyUsedTwice()
    {
        var errors = WorkflowValidator.Validate([Step("a"), Step("b"), Step("a")]);

        var error = Assert.Single(errors);
        Assert.Equal("steps[2].key", error.Field);
        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Validate_Fails_WhenStepKeyOrNameBlank()
    {
        Assert.Equal(["steps[0].key", "steps[0].name"], Fields(Step("a") with { Key = " ", Name = "" }));
    }

    [Fact]
    public void Validate_Fails_WhenSlaNotPositive() => Assert.Equal(["steps[0].slaMinutes"], Fields(Step("a") with { SlaMinutes = 0 }));

    [Fact]
    public void Validate_Fails_WhenFieldKeyBlankOrUsedTwice()
    {
        var step = Step("a", inputs: [Field("x"), Field("x")], outputs: [Field("")]);

        Assert.Equal(["steps[0].inputs[1].key", "steps[0].outputs[0].key"], Fields(step));
    }

    [Fact]
    public void Validate_Fails_WhenChoiceFieldHasNoOptions()
    {
        var step = Step("a", outputs: [Field("note"), Field("decision", FieldType.Choice)]);

        var error = Assert.Single(WorkflowValidator.Validate([step]));

        Assert.Equal("steps[0].outputs[1].choices", error.Field);
        Assert.Contains("decision", error.Message);
    }

    [Fact]
    public void Validate_Fails_WhenChoiceInputHasNoOptions() =>
        Assert.Equal(["steps[0].inputs[0].choices"], Fields(Step("a", inputs: [Field("kind", FieldType.Choice)])));

    [Fact]
    public void Validate_Accepts_ChoiceFieldWithOptions() =>
        Assert.Empty(Fields(Step("a", outputs: [Field("decision", FieldType.Choice, true, "yes", "no")])));

    // ---- Staffing

    [Fact]
    public void Validate_Fails_WhenHumanModeHasNoReason()
    {
        var step = Step("a", Human() with { KeepHumansReason = null });

        Assert.Equal(["steps[0].staffing.keepHumansReason"], Fields(step));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_Fails_WhenHumanModeHasNoNote(string? note)
    {
        var step = Step("a", Human() with { KeepHumansNote = note });

        Assert.Equal(["steps[0].staffing.keepHumansReason"], Fields(step));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(99)]
    public void Validate_Fails_WhenHybridBelow100KeepsHumansWithoutReason(int share)
    {
        var step = Step("a", Hybrid(share) with { KeepHumansReason = null, KeepHumansNote = null });

        Assert.Equal(["steps[0].staffing.keepHumansReason"], Fields(step));
    }

    [Fact]
    public void Validate_Accepts_Hybrid100WithoutReason() =>
        Assert.Empty(Fields(Step("a", Hybrid(100) with { KeepHumansReason = null, KeepHumansNote = null })));

    [Fact]
    public void Validate_Accepts_AgentModeWithoutReason() => Assert.Empty(Fields(Step("a", AgentOnly())));

    [Fact]
    public void Validate_Accepts_AllHumanPolicy() =>
        Assert.Empty(Fields(Step("a", StaffingPolicy.AllHuman(KeepHumansReason.Regulatory, "Licensed adjusters only."))));

    [Fact]
    public void Validate_Fails_WhenAgentModeHasNoAllowedAgents() =>
        Assert.Equal(["steps[0].staffing.allowedAgents"], Fields(Step("a", AgentOnly() with { AllowedAgents = [] })));

    [Fact]
    public void Validate_Fails_WhenHybridModeHasNoAllowedAgents() =>
        Assert.Equal(["steps[0].staffing.allowedAgents"], Fields(Step("a", Hybrid(50) with { AllowedAgents = [] })));

    [Fact]
    public void Validate_Accepts_HumanModeWithoutAgents() => Assert.Empty(Fields(Step("a", Human())));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Validate_Fails_WhenAgentShareOutOfRange(int share) =>
        Assert.Contains("steps[0].staffing.agentShare", Fields(Step("a", Hybrid(50) with { AgentShare = share })));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void Validate_Fails_WhenConfidenceThresholdOutOfRange(double threshold) =>
        Assert.Equal(["steps[0].staffing.confidenceThreshold"], Fields(Step("a", AgentOnly() with { ConfidenceThreshold = threshold })));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Validate_Fails_WhenApprenticeshipQuotaOutOfRange(int quota) =>
        Assert.Equal(["steps[0].staffing.apprenticeshipQuota"], Fields(Step("a", Human(quota))));

    [Theory]
    [InlineData(-0.01, 0.9, "steps[0].quality.sampleRate")]
    [InlineData(1.01, 0.9, "steps[0].quality.sampleRate")]
    [InlineData(0.1, -0.5, "steps[0].quality.accuracyTarget")]
    [InlineData(0.1, 1.5, "steps[0].quality.accuracyTarget")]
    public void Validate_Fails_WhenQualityRatesOutOfRange(double sampleRate, double accuracy, string field)
    {
        var step = Step("a") with { Quality = new QualityPolicy { SampleRate = sampleRate, AccuracyTarget = accuracy } };

        Assert.Equal([field], Fields(step));
    }

    // ---- Branches and reachability

    [Fact]
    public void Validate_Fails_WhenBranchFieldIsNotAnOutput()
    {
        var branch = new BranchRule { Field = "claimNumber", Targets = new Dictionary<string, string> { ["x"] = "b" } };
        var a = Step("a", inputs: [Field("claimNumber")], outputs: [Field("ok", FieldType.YesNo)], branch: branch);

        var error = Assert.Single(WorkflowValidator.Validate([a, Step("b")]));

        Assert.Equal("steps[0].branch.field", error.Field);
        Assert.Contains("claimNumber", error.Message);
    }

    [Fact]
    public void Validate_Fails_WhenBranchTargetMissing()
    {
        var branch = new BranchRule { Field = "ok", Targets = new Dictionary<string, string> { ["true"] = "nowhere" } };
        var a = Step("a", outputs: [Field("ok", FieldType.YesNo)], branch: branch);

        var error = Assert.Single(WorkflowValidator.Validate([a, Step("b")]));

        Assert.Equal("steps[0].branch.targets", error.Field);
        Assert.Contains("nowhere", error.Message);
    }

    [Fact]
    public void Validate_Fails_WhenBranchDefaultMissing()
    {
        var branch = new BranchRule { Field = "ok", Targets = new Dictionary<string, string> { ["true"] = "b" }, Default = "gone" };
        var a = Step("a", outputs: [Field("ok", FieldType.YesNo)], branch: branch);

        Assert.Equal(["steps[0].branch.targets"], Fields(a, Step("b")));
    }

    [Fact]
    public void Validate_Accepts_BranchToEndAndBackwards()
    {
        var branch = new BranchRule { Field = "ok", Targets = new Dictionary<string, string> { ["true"] = BranchRule.End, ["false"] = "a" } };

        Assert.Empty(Fields(Step("a"), Step("b", outputs: [Field("ok", FieldType.YesNo)], branch: branch)));
    }

    [Fact]
    public void Validate_Fails_WhenStepUnreachable()
    {
        // a always ends the case or jumps to c, so b can never run
        var branch = new BranchRule { Field = "ok", Targets = new Dictionary<string, string> { ["true"] = "c" }, Default = BranchRule.End };
        var a = Step("a", outputs: [Field("ok", FieldType.YesNo)], branch: branch);

        var error = Assert.Single(WorkflowValidator.Validate([a, Step("b"), Step("c")]));

        Assert.Equal("steps[1]", error.Field);
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void Validate_Fails_ForEveryStepAfterAnUnconditionalEnd()
    {
        var branch = new BranchRule { Field = "ok", Default = BranchRule.End };
        var a = Step("a", outputs: [Field("ok", FieldType.YesNo)], branch: branch);

        Assert.Equal(["steps[1]", "steps[2]"], Fields(a, Step("b"), Step("c")));
    }

    [Fact]
    public void Validate_Accepts_StepReachedOnlyThroughBranchDefaultFallThrough()
    {
        // no default: values without a target go on to the next step in order
        var branch = new BranchRule { Field = "ok", Targets = new Dictionary<string, string> { ["true"] = "c" } };
        var a = Step("a", outputs: [Field("ok", FieldType.YesNo)], branch: branch);

        Assert.Empty(Fields(a, Step("b"), Step("c")));
    }

    [Fact]
    public void Validate_ReportsErrorsFromSeveralSteps()
    {
        var fields = Fields(Step("a") with { SlaMinutes = -5 }, Step("b", AgentOnly() with { AllowedAgents = [] }), Step("a"));

        Assert.Equal(["steps[0].slaMinutes", "steps[1].staffing.allowedAgents", "steps[2].key"], fields);
    }
}
