using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Quality;

public class QualityMeasuresTests
{
    private static VerdictFact Fact(bool passed, double? confidence, int minutes = 10) =>
        new(passed, confidence, Start, Start.AddMinutes(minutes));

    [Fact]
    public void Measures_AccuracyWithWilsonInterval_AndEscalationRate()
    {
        var verdicts = Enumerable.Range(0, 20).Select(i => Fact(i < 15, 0.9)).ToList();

        var m = QualityMeasures.Of(verdicts, escalated: 3, handled: 30);

        Assert.Equal(Proportion.Of(15, 20), m.Accuracy);
        Assert.Equal(0.1, m.EscalationRate.Value, 6);
    }

    [Fact]
    public void Calibration_GroupsByConfidenceBand()
    {
        var verdicts = new[] { Fact(true, 0.95), Fact(true, 0.92), Fact(false, 0.91), Fact(false, 0.55), Fact(true, null), Fact(true, 1.0) };

        var bands = QualityMeasures.Calibration(verdicts);

        Assert.Equal(5, bands.Count);
        Assert.Equal((3, 4), (bands[4].Accuracy.Successes, bands[4].Accuracy.Trials));
        Assert.Equal((0, 1), (bands[1].Accuracy.Successes, bands[1].Accuracy.Trials));
        Assert.False(bands[0].Accuracy.IsMeasured);
    }

    [Fact]
    public void Turnaround_IsMedianAndNinetiethPercentile()
    {
        var verdicts = Enumerable.Range(1, 10).Select(i => Fact(true, 0.9, i)).ToList();

        var t = QualityMeasures.TurnaroundOf(verdicts)!;

        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(9), 10), (t.Median, t.P90, t.Count));
        Assert.Null(QualityMeasures.TurnaroundOf([]));
    }
}

public class BreachCheckTests
{
    private static readonly QualityPolicy Policy = new() { AccuracyTarget = 0.9, MinimumSamples = 5, DriftWindow = 20 };

    [Fact]
    public void NoBreach_WhenBelowTargetOnlyByThePointEstimate()
    {
        // 17/20 = 85% < 90%, but the interval (64%–95%) still reaches the target.
        var verdicts = Enumerable.Range(0, 20).Select(i => i >= 3).ToList();

        Assert.Null(BreachCheck.Check(Policy, verdicts));
    }

    [Fact]
    public void Breach_WhenTheWholeIntervalIsBelowTarget()
    {
        var verdicts = Enumerable.Range(0, 20).Select(i => i % 2 == 0).ToList();

        var evidence = BreachCheck.Check(Policy, verdicts)!;

        Assert.Equal(BreachKind.BelowTarget, evidence.Kind);
        Assert.Equal((10, 20), (evidence.RecentPasses, evidence.RecentReviews));
        Assert.True(evidence.RecentHigh < 0.9);
        Assert.Contains("below the 90% target", evidence.Describe());
    }

    [Fact]
    public void NoBreach_BeforeTheMinimumSamples() => Assert.Null(BreachCheck.Check(Policy, [false, false, false, false]));

    [Fact]
    public void Breach_OnDrift_EvenAboveTarget()
    {
        var policy = Policy with { AccuracyTarget = 0.5 };
        var verdicts = Enumerable.Repeat(true, 80).Concat(Enumerable.Range(0, 20).Select(i => i % 4 != 0)).ToList();

        var evidence = BreachCheck.Check(policy, verdicts)!;

        Assert.Equal(BreachKind.Drift, evidence.Kind);
        Assert.Equal(80, evidence.BaselineReviews);
    }
}

public class QualityReviewTests
{
    [Fact]
    public void Create_TakesTheAgentOutputsStratum()
    {
        var reviewed = Running();
        reviewed.CompleteByAgent(Agent, 1, Output(), Outputs, 0.8, 0.01m, 10, Start.AddMinutes(1));
        var review = WorkTask.CreateReview(reviewed, "review", 60, "sampled", Start.AddMinutes(2));

        var row = QualityReview.Create(reviewed, review, "1.2", ReviewSource.Sampled, Start.AddMinutes(2));

        Assert.Equal((reviewed.Id, review.Id, Agent, "1.2", 0.8), (row.ReviewedTaskId, row.ReviewTaskId, row.AgentProfileKey, row.AgentVersion, row.Confidence));
        Assert.False(row.IsReviewed);
    }

    [Fact]
    public void Record_GivesTheVerdictOnce()
    {
        var reviewed = Running();
        reviewed.CompleteByAgent(Agent, 1, Output(), Outputs, 0.8, 0.01m, 10, Start);
        var row = QualityReview.Create(reviewed, WorkTask.CreateReview(reviewed, "review", 60, "sampled", Start), "1", ReviewSource.Sampled, Start);
        var verdict = new Verdict(false, new Dictionary<string, bool> { ["Facts"] = false }, null, "wrong amount");

        row.Record(verdict, "u1", "Ann", Start.AddMinutes(5));

        Assert.Equal((false, "Ann", "wrong amount"), (row.Passed, row.ReviewerName, row.Notes));
        Throws<Orchestrator.Domain.Common.DomainException>(() => row.Record(verdict, "u2", "Ben", Start.AddMinutes(6)), "quality.already-reviewed");
    }
}
