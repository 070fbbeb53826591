using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Workflows;

public class SkillSetTests
{
    [Fact]
    public void Key_TrimsLowercasesDeduplicatesAndSorts() =>
        Assert.Equal("claims,fraud,spanish", SkillSet.Key([" Spanish", "claims ", "FRAUD", "Claims", "", "   "]));

    [Fact]
    public void Key_IsEmpty_WhenNoSkills() => Assert.Equal("", SkillSet.Key([]));

    [Fact]
    public void Key_IsOrderIndependent() => Assert.Equal(SkillSet.Key(["b", "a"]), SkillSet.Key(["A", "B"]));

    [Fact]
    public void Parse_SplitsKey_AndIgnoresEmptyParts()
    {
        Assert.Equal(["claims", "fraud"], SkillSet.Parse("claims, fraud,,"));
        Assert.Empty(SkillSet.Parse(null));
        Assert.Empty(SkillSet.Parse(""));
    }

    [Fact]
    public void Covers_IsTrue_WhenNothingRequired() => Assert.True(SkillSet.Covers([], ""));

    [Fact]
    public void Covers_IsTrue_WhenWorkerHasEveryRequiredSkill_CaseInsensitively() =>
        Assert.True(SkillSet.Covers([" Claims", "FRAUD", "spanish"], "claims,fraud"));

    [Fact]
    public void Covers_IsFalse_WhenOneSkillMissing() => Assert.False(SkillSet.Covers(["claims"], "claims,fraud"));

    [Fact]
    public void Covers_IsFalse_WhenWorkerHasNoSkills() => Assert.False(SkillSet.Covers([], "claims"));

    [Fact]
    public void StepSkillKey_IsNormalized() => Assert.Equal("claims,fraud", Step("a", skills: ["Fraud", " claims"]).SkillKey);
}
