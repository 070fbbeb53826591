using System.Text.Json.Nodes;
using Orchestrator.Domain.Quality;

namespace Orchestrator.Domain.Tests.Quality;

/// <summary>Golden-set accuracy and shadow agreement: exact match per field and overall, with Wilson intervals.</summary>
public class EvaluationMathTests
{
    private static readonly string[] Fields = ["type", "amount", "urgent"];

    private static JsonObject Out(string type, decimal amount, bool urgent) => new() { ["type"] = type, ["amount"] = amount, ["urgent"] = urgent };

    [Fact]
    public void Match_NumbersByValue_TextExactly_MissingOnBothSidesMatches()
    {
        Assert.True(OutputMatch.Same(JsonValue.Create(2), JsonValue.Create(2.0m)));
        Assert.False(OutputMatch.Same(JsonValue.Create("Theft"), JsonValue.Create("theft")));
        Assert.True(OutputMatch.Same(null, JsonValue.Create((string?)null)));
        Assert.False(OutputMatch.Same(null, JsonValue.Create(false)));
        Assert.False(OutputMatch.All(Fields, Out("theft", 10, true), null));
    }

    [Fact]
    public void Score_CountsAnExampleOnlyWhenEveryLabelledFieldMatches_AndEachFieldOnItsOwn()
    {
        var pairs = new List<(JsonObject, JsonObject?)>
        {
            (Out("theft", 100, true), Out("theft", 100.00m, true)),   // right
            (Out("theft", 100, true), Out("theft", 90, true)),        // amount wrong
            (Out("collision", 5, false), Out("theft", 5, false)),     // type wrong
            (new JsonObject { ["type"] = "theft" }, Out("theft", 1, true)), // only type labelled: right
            (Out("theft", 1, false), null),                           // the agent failed: all wrong
        };

        var score = MatchScore.Of(Fields, pairs);

        Assert.Equal((2, 5), (score.Overall.Successes, score.Overall.Trials));
        var byField = score.Fields.ToDictionary(f => f.Field, f => (f.Accuracy.Successes, f.Accuracy.Trials));
        Assert.Equal((3, 5), byField["type"]);
        Assert.Equal((2, 4), byField["amount"]);
        Assert.Equal((3, 4), byField["urgent"]);
        // the Wilson interval of 2/5 (Newcombe's method 3 gives 0.1176–0.7693)
        Assert.Equal(0.1176, score.Overall.Low, 4);
        Assert.Equal(0.7693, score.Overall.High, 4);
        Assert.True(score.Passes(0.4));
        Assert.False(score.Passes(0.41));
        Assert.False(MatchScore.Of(Fields, []).Passes(0));
    }

    [Fact]
    public void ShadowAgreement_WithChampion_WithReviewers_AndTheChampionOnTheSameReviewedTasks()
    {
        var right = Out("theft", 10, true);
        var wrong = Out("collision", 10, true);
        var observations = new List<ShadowAgreement.Observation>
        {
            new(right, right, null),   // agrees with the champion, not reviewed
            new(right, wrong, right),  // the reviewer corrected the champion; the challenger had it right
            new(wrong, wrong, wrong),  // the reviewer passed the champion's output: both agree
            new(right, right, wrong),  // both disagree with the reviewer
            new(null, right, right),   // the challenger failed: counted apart
        };

        var a = ShadowAgreement.Of(Fields, observations);

        Assert.Equal((5, 1), (a.Runs, a.Failed));
        Assert.Equal((3, 4), (a.WithChampion.Successes, a.WithChampion.Trials));
        Assert.Equal((2, 3), (a.WithReviewers.Successes, a.WithReviewers.Trials));
        Assert.Equal((1, 3), (a.ChampionWithReviewers.Successes, a.ChampionWithReviewers.Trials));
        Assert.Equal(Proportion.Of(3, 4), a.WithChampion);
    }

    [Fact]
    public void ReviewedOutput_IsTheCorrection_ElseThePassedOutput_ElseUnknown()
    {
        var accepted = Out("theft", 1, true);
        var corrected = Out("collision", 1, true);
        Assert.Same(corrected, ReviewedOutput.Of(false, corrected, accepted));
        Assert.Same(corrected, ReviewedOutput.Of(true, corrected, accepted));
        Assert.Same(accepted, ReviewedOutput.Of(true, null, accepted));
        Assert.Null(ReviewedOutput.Of(false, null, accepted));
        Assert.Null(ReviewedOutput.Of(null, null, accepted));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void ShadowShare_RealizedShareTracksTheTarget_AndIsStable(int percent)
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 20_000).Select(_ => new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray())).ToList();

        var share = ids.Count(id => ShadowShare.Includes(id, percent)) / (double)ids.Count;

        Assert.InRange(share, percent / 100.0 - 0.015, percent / 100.0 + 0.015);
        Assert.All(ids.Take(100), id => Assert.Equal(ShadowShare.Includes(id, percent), ShadowShare.Includes(id, percent)));
        Assert.DoesNotContain(ids, id => ShadowShare.Includes(id, 0));
        Assert.All(ids.Take(100), id => Assert.True(ShadowShare.Includes(id, 100)));
    }
}
