using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Tests.Components.Shared;

public class SlaClockTests
{
    private static readonly DateTime Created = new(2025, 6, 2, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Due = Created.AddHours(10);

    [Fact]
    public void State_IsNone_WithoutDueDate() => Assert.Equal("none", SlaClock.State(Created, null, Created.AddDays(9), 0.25));

    [Fact]
    public void State_IsBreached_AtAndAfterDue()
    {
        Assert.Equal("breached", SlaClock.State(Created, Due, Due, 0.25));
        Assert.Equal("breached", SlaClock.State(Created, Due, Due.AddMinutes(1), 0.25));
    }

    [Fact]
    public void State_IsAtRisk_WhenLessThanTheShareIsLeft() =>
        Assert.Equal("at-risk", SlaClock.State(Created, Due, Due.AddHours(-2), 0.25)); // 20 % left

    [Fact]
    public void State_IsOnTime_WhenMoreThanTheShareIsLeft() =>
        Assert.Equal("on-time", SlaClock.State(Created, Due, Due.AddHours(-3), 0.25)); // 30 % left

    [Fact]
    public void State_IsOnTime_WhenDueBeforeCreatedButNotYetPassed() =>
        Assert.Equal("on-time", SlaClock.State(Due.AddHours(1), Due, Due.AddMinutes(-1), 0.25));

    [Theory]
    [InlineData(2 * 24 * 60 + 3 * 60, "2d 3h left")]
    [InlineData(65, "1h 5m left")]
    [InlineData(5, "5m left")]
    [InlineData(-90, "1h 30m late")]
    [InlineData(-3 * 24 * 60, "3d 0h late")]
    public void Describe_SaysTimeLeftOrLate(int minutes, string expected) =>
        Assert.Equal(expected, SlaClock.Describe(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Describe_UsesSeconds_UnderAMinute()
    {
        Assert.Equal("30s left", SlaClock.Describe(TimeSpan.FromSeconds(30)));
        Assert.Equal("12s late", SlaClock.Describe(TimeSpan.FromSeconds(-12)));
    }

    [Fact]
    public void Age_SaysHowLongItHasWaited()
    {
        Assert.Equal("2d", SlaClock.Age(Created, Created.AddHours(50)));
        Assert.Equal("1h 5m", SlaClock.Age(Created, Created.AddMinutes(65)));
        Assert.Equal("0m", SlaClock.Age(Created, Created.AddSeconds(-5)));
    }
}
