using System.Text.Json.Nodes;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Quality;

public class ReviewVerdictTests
{
    private static readonly IReadOnlyList<RubricCriterion> Rubric = [new("Right type", "Matches the loss."), new("Right severity", "Follows the amount.")];
    private static readonly IReadOnlyList<FieldDefinition> StepOutputs = [Field("type", FieldType.Choice, true, "collision", "theft")];

    private static JsonObject Answer(bool? c1, bool? c2, bool? pass, string? corrected = null) => new()
    {
        ["criterion-1"] = c1, ["criterion-2"] = c2, ["pass"] = pass, ["correctedOutput"] = corrected,
    };

    [Fact]
    public void Fields_AreOneYesNoPerCriterion_ThenVerdictCorrectionAndNotes()
    {
        var fields = ReviewVerdict.FieldsFor(Rubric);

        Assert.Equal(["criterion-1", "criterion-2", "pass", "correctedOutput", "notes"], fields.Select(f => f.Key));
        Assert.Equal("Matches the loss.", fields[0].Help);
        Assert.All(fields.Take(3), f => Assert.Equal(FieldType.YesNo, f.Type));
    }

    [Fact]
    public void Validate_Accepts_AConsistentVerdict() =>
        Assert.Empty(ReviewVerdict.Validate(Answer(true, true, true), Rubric, StepOutputs));

    [Fact]
    public void Validate_NamesTheMissingCriterion() =>
        Assert.Contains(ReviewVerdict.Validate(Answer(true, null, true), Rubric, StepOutputs), e => e.Field == "criterion-2");

    [Fact]
    public void Validate_Refuses_PassOverall_WhenACriterionFails()
    {
        var error = Assert.Single(ReviewVerdict.Validate(Answer(true, false, true), Rubric, StepOutputs));

        Assert.Equal("pass", error.Field);
        Assert.Contains("Right severity", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"flood\"}")]
    public void Validate_Refuses_ACorrectionTheStepWouldNotAccept(string corrected) =>
        Assert.Equal("correctedOutput", Assert.Single(ReviewVerdict.Validate(Answer(false, false, false, corrected), Rubric, StepOutputs)).Field);

    [Fact]
    public void Read_TakesCriteriaVerdictAndCorrection()
    {
        var verdict = ReviewVerdict.Read(Answer(true, false, false, "{\"type\":\"theft\"}"), Rubric);

        Assert.False(verdict.Pass);
        Assert.Equal(new Dictionary<string, bool> { ["Right type"] = true, ["Right severity"] = false }, verdict.Criteria);
        Assert.Equal("theft", verdict.CorrectedOutput!["type"]!.GetValue<string>());
    }
}
