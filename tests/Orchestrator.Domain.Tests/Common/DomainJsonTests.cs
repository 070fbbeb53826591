using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Common;

public class DomainJsonTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("[1,2]")]
    [InlineData("42")]
    public void ParseObject_ReturnsEmptyObject_ForBlankOrNonObjectJson(string? json) => Assert.Empty(DomainJson.ParseObject(json));

    [Fact]
    public void ParseObject_ReadsObject() => Assert.Equal("x", (string)DomainJson.ParseObject("""{"a":"x"}""")["a"]!);

    [Fact]
    public void Write_ReturnsEmptyObject_ForNull() => Assert.Equal("{}", DomainJson.Write(null));

    [Fact]
    public void Serialize_UsesCamelCaseAndEnumNames()
    {
        var json = DomainJson.Serialize(Field("amount", FieldType.Money));

        Assert.Contains("\"key\":\"amount\"", json);
        Assert.Contains("\"type\":\"Money\"", json);
    }

    [Fact]
    public void StepDefinition_RoundTripsThroughJson()
    {
        var step = ThreeSteps()[0] with { Branch = new BranchRule { Field = "summary", Default = BranchRule.End } };

        var back = DomainJson.Deserialize<StepDefinition>(DomainJson.Serialize(step));

        Assert.Equal(step.Key, back.Key);
        Assert.Equal(step.Staffing, back.Staffing with { AllowedAgents = step.Staffing.AllowedAgents });
        Assert.Equal(["claimNumber", "amount"], back.Inputs.Select(f => f.Key));
        Assert.Equal(FieldType.Money, back.Inputs[1].Type);
        Assert.Equal(BranchRule.End, back.Branch!.Default);
        Assert.Equal(step.SkillKey, back.SkillKey);
    }

    [Fact]
    public void Deserialize_Fails_ForJsonNull() => Throws(() => DomainJson.Deserialize<StepDefinition>("null"), "json.empty");

    [Fact]
    public void ValidationFailedException_MessageNamesEveryField()
    {
        var ex = new ValidationFailedException("x.invalid", [new("a", "bad a"), new("b", "bad b")]);

        Assert.Equal("x.invalid", ex.Code);
        Assert.Equal("Validation failed: a: bad a; b: bad b", ex.Message);
    }
}
