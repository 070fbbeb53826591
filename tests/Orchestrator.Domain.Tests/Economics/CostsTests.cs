using Orchestrator.Domain.Economics;

namespace Orchestrator.Domain.Tests.Economics;

public class CostsTests
{
    [Theory]
    [InlineData(3600, 40, 40)]
    [InlineData(1800, 40, 20)]
    [InlineData(90, 50, 1.25)]
    [InlineData(0, 80, 0)]
    [InlineData(600, 0, 0)]
    public void HumanTaskCost_IsHandleTimeTimesHourlyRate(double seconds, double rate, double expected) =>
        Assert.Equal((decimal)expected, Costs.HumanTaskCost(seconds, (decimal)rate));

    [Fact]
    public void HumanTaskCost_IsRounded()
    {
        var cost = Costs.HumanTaskCost(1, 50m); // 0.013888…

        Assert.InRange(cost, 0.0138m, 0.0139m);
        Assert.Equal(cost, decimal.Round(cost, 4));
    }

    [Theory]
    [InlineData(0.01, 1500, 0.002, 0.013)]
    [InlineData(0, 1000, 0.5, 0.5)]
    [InlineData(0.25, 0, 3, 0.25)]
    [InlineData(0, 1, 0.001, 0.000001)]
    public void AgentCallCost_IsPerCallPlusTokensTimesPricePer1k(double perCall, int tokens, double per1k, double expected) =>
        Assert.Equal((decimal)expected, Costs.AgentCallCost((decimal)perCall, tokens, (decimal)per1k));
}
