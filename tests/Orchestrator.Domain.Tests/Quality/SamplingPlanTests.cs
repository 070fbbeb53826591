using Orchestrator.Domain.Quality;

namespace Orchestrator.Domain.Tests.Quality;

public class SamplingPlanTests
{
    [Theory]
    [InlineData(0.1, 0, 0, 0)]
    [InlineData(0.1, 0, 1, 1)]
    [InlineData(0.1, 0, 10, 1)]
    [InlineData(0.1, 0, 11, 2)]
    [InlineData(0.1, 0, 1000, 100)]
    [InlineData(0.1, 5, 3, 3)]
    [InlineData(0.1, 5, 20, 5)]
    [InlineData(0.25, 5, 100, 25)]
    [InlineData(1.0, 0, 7, 7)]
    [InlineData(0.0, 0, 7, 0)]
    public void Target_IsRateRoundedUp_NeverBelowTheMinimumThatExists(double rate, int minimum, int completed, int expected) =>
        Assert.Equal(expected, SamplingPlan.Target(rate, minimum, completed));

    [Fact]
    public void RealizedRate_TracksTarget_AsOutputsArrive()
    {
        var sampled = 0;
        for (var completed = 1; completed <= 1000; completed++)
            sampled += SamplingPlan.ToTake(0.1, 5, completed, sampled);

        Assert.Equal(100, sampled);
    }

    [Fact]
    public void ToTake_IsZero_WhenAlreadyAhead() => Assert.Equal(0, SamplingPlan.ToTake(0.1, 0, 10, 4));
}
