using Orchestrator.Domain.Quality;

namespace Orchestrator.Domain.Tests.Quality;

public class ProportionTests
{
    // Reference values: Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3
    // (Wilson score without continuity correction), and Brown, Cai & DasGupta (2001).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    [InlineData(29, 29, 0.8830, 1.0000)]
    public void Wilson_MatchesPublishedIntervals(int successes, int trials, double low, double high)
    {
        var p = Proportion.Of(successes, trials);

        Assert.Equal(low, p.Low, 4);
        Assert.Equal(high, p.High, 4);
    }

    [Fact]
    public void NothingMeasured_SpansEverything()
    {
        var p = Proportion.Of(0, 0);

        Assert.False(p.IsMeasured);
        Assert.Equal((0.0, 1.0), (p.Low, p.High));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void ImpossibleCounts_AreRefused(int successes, int trials) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Of(successes, trials));
}
