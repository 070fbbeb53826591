using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Quality;

namespace Orchestrator.Domain.Tests.Learning;

public sealed class PromotionTests
{
    [Fact]
    public void Compare_Promotes_WhenTheChallengerIsBetterByTheMarginWithConfidence()
    {
        var verdict = Promotion.Compare(Proportion.Of(800, 1000), Proportion.Of(700, 1000), margin: 0.02);

        Assert.True(verdict.Better, verdict.Reason);
        Assert.Equal(0.1, verdict.Difference, 6);
        Assert.True(verdict.Low > 0.02);
    }

    [Fact]
    public void Compare_Refuses_WhenTheDifferenceCouldBeChance()
    {
        var verdict = Promotion.Compare(Proportion.Of(72, 100), Proportion.Of(68, 100), margin: 0.0);

        Assert.False(verdict.Better);
        Assert.Contains("does not clear", verdict.Reason);
    }

    [Fact]
    public void Compare_Refuses_WhenBetterButNotByTheMargin()
    {
        Assert.True(Promotion.Compare(Proportion.Of(760, 1000), Proportion.Of(720, 1000), margin: 0.0).Better);
        Assert.False(Promotion.Compare(Proportion.Of(760, 1000), Proportion.Of(720, 1000), margin: 0.03).Better);
    }

    [Fact]
    public void Compare_Refuses_WhenNothingWasMeasured() =>
        Assert.False(Promotion.Compare(Proportion.Of(0, 0), Proportion.Of(5, 10), 0.02).Better);
}
