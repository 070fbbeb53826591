using Orchestrator.Domain.Quality;

namespace Orchestrator.Domain.Tests.Quality;

/// <summary>
/// The drift detector on simulated streams of verdicts (seeded, so the numbers are the same on every run). The figures
/// asserted here are the ones docs/QUALITY.md quotes.
/// </summary>
public class DriftDetectorTests
{
    private const int Window = 50;
    private const int Baseline = DriftDetector.BaselineWindows * Window;
    private const int Streams = 400;

    private static List<bool> Stream(Random random, int count, double accuracy) =>
        Enumerable.Range(0, count).Select(_ => random.NextDouble() < accuracy).ToList();

    [Theory]
    [InlineData(0.70)]
    [InlineData(0.80)]
    [InlineData(0.90)]
    [InlineData(0.95)]
    [InlineData(0.98)]
    public void FalseAlarms_StayUnderFivePercent_OnStationaryStreams(double accuracy)
    {
        var random = new Random(20261125);
        var alarmed = Enumerable.Range(0, Streams)
            .Count(_ => DriftDetector.Check(Stream(random, Baseline + 500, accuracy), Window).FirstAlarmAt is not null);

        Assert.True(alarmed <= Streams * 0.05, $"{alarmed} of {Streams} stationary streams at {accuracy:P0} alarmed");
    }

    [Fact]
    public void TenPointDrop_IsDetected_WithinDocumentedReviews()
    {
        var random = new Random(7);
        var delays = new List<int>();
        for (var i = 0; i < Streams; i++)
        {
            var verdicts = Stream(random, Baseline, 0.90).Concat(Stream(random, 1000, 0.80)).ToList();
            var alarm = DriftDetector.Check(verdicts, Window).FirstAlarmAt;
            delays.Add(alarm is { } at && at >= Baseline ? at - Baseline + 1 : int.MaxValue);
        }
        delays.Sort();

        Assert.True(delays[Streams / 2] <= 200, $"median detection after {delays[Streams / 2]} reviews");
        Assert.True(delays[Streams * 9 / 10] <= 600, $"90% detected after {delays[Streams * 9 / 10]} reviews");
    }

    [Fact]
    public void NoAlarm_BeforeTheBaselineIsComplete()
    {
        var result = DriftDetector.Check(Enumerable.Repeat(false, Baseline).ToList(), Window);

        Assert.False(result.Drifted);
        Assert.Null(result.FirstAlarmAt);
    }

    [Fact]
    public void Reports_BaselineAndRecentWindow()
    {
        var verdicts = Enumerable.Repeat(true, Baseline).Concat(Enumerable.Repeat(false, 30)).ToList();

        var result = DriftDetector.Check(verdicts, Window);

        Assert.True(result.Drifted);
        Assert.Equal((Baseline, Baseline), (result.Baseline.Successes, result.Baseline.Trials));
        Assert.Equal((0, 30), (result.Recent.Successes, result.Recent.Trials));
    }
}
