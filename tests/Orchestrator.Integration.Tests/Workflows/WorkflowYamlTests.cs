using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Workflows;

namespace Orchestrator.Integration.Tests.Workflows;

/// <summary>Workflows as YAML: what is written reads back exactly, and a bad file is refused with its field and line.</summary>
public sealed class WorkflowYamlTests
{
    private static WorkflowDocument AutoClaims() => new()
    {
        Key = AutoClaimsWorkflow.Key, Name = AutoClaimsWorkflow.Name, Description = "First notice of loss:\nto settlement.",
        OutcomePrice = 85.50m, Steps = AutoClaimsWorkflow.Steps(),
    };

    private static string Json(WorkflowDocument d) => DomainJson.Serialize(d);

    private static ValidationFailedException Refused(string yaml) => Assert.Throws<ValidationFailedException>(() => WorkflowYaml.Read(yaml));

    private const string Minimal = """
        key: intake-only
        name: Intake only
        outcomePrice: 10
        steps:
          - key: intake
            name: Intake
            kind: Judgment
            outputs:
              - key: decision
                type: Choice
                choices: [accept, reject]
            staffing:
              mode: Human
              keepHumansReason: Regulatory
              keepHumansNote: A person decides.
        """;

    [Fact]
    public void RoundTrip_IsExact_ForTheDemoWorkflow()
    {
        var original = AutoClaims();

        var yaml = WorkflowYaml.Write(original);
        var read = WorkflowYaml.Read(yaml).Document;

        Assert.Equal(Json(original), Json(read));
        Assert.Equal(yaml, WorkflowYaml.Write(read));
        Assert.StartsWith(WorkflowYaml.Header, yaml);
    }

    [Fact]
    public void RoundTrip_KeepsTextThatLooksLikeOtherTypes()
    {
        var step = AutoClaimsWorkflow.Steps()[0];
        var tricky = step with
        {
            Name = "true", Description = "42", Skills = ["yes", "null", "1e3", "plain words: with colon", "# not a comment"],
            Outputs = [new FieldDefinition { Key = "code", Type = FieldType.Choice, Choices = ["001", "0x1F", "-", ""] }],
            Branch = new BranchRule { Field = "code", Targets = new Dictionary<string, string> { ["001"] = BranchRule.End, ["true"] = "intake" } },
        };
        var original = AutoClaims() with { Steps = [tricky] };

        var read = WorkflowYaml.Read(WorkflowYaml.Write(original)).Document;

        Assert.Equal(Json(original), Json(read));
    }

    [Fact]
    public void Read_FillsDefaults_ForLeftOutProperties()
    {
        var doc = WorkflowYaml.Read(Minimal).Document;

        var step = Assert.Single(doc.Steps);
        Assert.Equal(240, step.SlaMinutes);
        Assert.Equal(["accept", "reject"], step.Outputs[0].Choices);
        Assert.Equal(0.1, step.Quality.SampleRate);
        Assert.Empty(WorkflowValidator.Validate(doc.Steps));
    }

    [Fact]
    public void Read_NamesTheLine_OfAnUnknownProperty()
    {
        var ex = Refused(Minimal.Replace("    kind: Judgment", "    kind: Judgment\n    slaMinute: 30"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("steps[0]", error.Field);
        Assert.Contains("Unknown property 'slaMinute'", error.Message);
        Assert.StartsWith("Line ", error.Message);
    }

    [Fact]
    public void Read_NamesTheOptions_OfABadEnumValue()
    {
        var ex = Refused(Minimal.Replace("kind: Judgment", "kind: Thinking"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("steps[0].kind", error.Field);
        Assert.Equal("Line 7: Must be one of: Judgment, Execution, Connective.", error.Message);
    }

    [Fact]
    public void Read_NamesAMissingRequiredProperty()
    {
        var ex = Refused(Minimal.Replace("    name: Intake\n", ""));

        Assert.Contains("Required: 'name'", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Read_NamesTheLine_OfBrokenYaml()
    {
        var ex = Refused("key: a\nname: [unclosed\nsteps: []\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal("yaml", error.Field);
        Assert.StartsWith("Line ", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("- just\n- a list\n")]
    public void Read_RefusesAFileThatIsNotAWorkflow(string yaml) => Assert.Equal("yaml", Assert.Single(Refused(yaml).Errors).Field);

    [Fact]
    public void Locate_PutsTheLineOfTheField_InFrontOfAValidatorMessage()
    {
        var parsed = WorkflowYaml.Read(Minimal.Replace("choices: [accept, reject]", "choices: []"));

        var errors = WorkflowValidator.Validate(parsed.Document.Steps).Select(parsed.Locate).ToList();

        var error = Assert.Single(errors);
        Assert.Equal("steps[0].outputs[0].choices", error.Field);
        Assert.Equal("Line 11: Choice field 'decision' needs at least one option.", error.Message);
    }
}
