using Orchestrator.Domain.Workforce;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Workforce;

public class WorkerTests
{
    private static Worker Ann(bool trainee = false, params string[] skills) =>
        Worker.Create(UserId, "Ann", skills.Length == 0 ? ["claims"] : skills, 5, 40m, isTrainee: trainee);

    [Fact]
    public void Create_NormalizesNameAndSkills()
    {
        var worker = Worker.Create(UserId, "  Ann Adjuster ", ["Fraud", " claims", "CLAIMS", ""], 3, 42.5m, isTrainee: true, isSimulated: true);

        Assert.Equal(UserId, worker.UserId);
        Assert.Equal("Ann Adjuster", worker.DisplayName);
        Assert.Equal("claims,fraud", worker.Skills);
        Assert.Equal(["claims", "fraud"], worker.SkillList);
        Assert.Equal(3, worker.Capacity);
        Assert.Equal(42.5m, worker.HourlyCost);
        Assert.True(worker.IsTrainee);
        Assert.True(worker.IsSimulated);
        Assert.Equal(Availability.Available, worker.Availability);
    }

    [Fact]
    public void Create_Fails_WithAllErrors_NamingFields()
    {
        var ex = Invalid(() => Worker.Create(UserId, " ", [], 0, -1m), "worker.invalid");

        Assert.Equal(["displayName", "capacity", "hourlyCost"], ex.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Create_Fails_WhenCapacityOutOfRange(int capacity)
    {
        var ex = Invalid(() => Worker.Create(UserId, "Ann", [], capacity, 40m), "worker.invalid");

        Assert.Equal("capacity", Assert.Single(ex.Errors).Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Create_Accepts_CapacityBounds(int capacity) => Assert.Equal(capacity, Worker.Create(UserId, "Ann", [], capacity, 40m).Capacity);

    [Theory]
    [InlineData(-0.01)]
    [InlineData(10_000.01)]
    public void Create_Fails_WhenHourlyCostOutOfRange(double cost)
    {
        var ex = Invalid(() => Worker.Create(UserId, "Ann", [], 5, (decimal)cost), "worker.invalid");

        Assert.Equal("hourlyCost", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Update_ChangesProfile()
    {
        var worker = Ann();

        worker.Update("Ann B.", ["Spanish"], 8, 55m, isTrainee: true);

        Assert.Equal("Ann B.", worker.DisplayName);
        Assert.Equal("spanish", worker.Skills);
        Assert.Equal(8, worker.Capacity);
        Assert.Equal(55m, worker.HourlyCost);
        Assert.True(worker.IsTrainee);
    }

    [Fact]
    public void Update_Fails_AndKeepsProfile_WhenInvalid()
    {
        var worker = Ann();

        Invalid(() => worker.Update("Ann", ["spanish"], 500, 55m, false), "worker.invalid");

        Assert.Equal("claims", worker.Skills);
        Assert.Equal(5, worker.Capacity);
        Assert.Equal(40m, worker.HourlyCost);
    }

    [Fact]
    public void SetAvailability_SwitchesBetweenAvailableAndAway()
    {
        var worker = Ann();

        worker.SetAvailability(Availability.Away);
        Assert.Equal(Availability.Away, worker.Availability);
        worker.SetAvailability(Availability.Available);
        Assert.Equal(Availability.Available, worker.Availability);
    }

    [Fact]
    public void CanTake_IsTrue_WhenSkillsCovered() => Assert.True(Ann(false, "claims", "fraud").CanTake("claims,fraud", false));

    [Fact]
    public void CanTake_IsTrue_WhenNoSkillRequired() => Assert.True(Worker.Create(UserId, "Ann", [], 5, 40m).CanTake("", false));

    [Fact]
    public void CanTake_IsFalse_WhenSkillMissing() => Assert.False(Ann(false, "claims").CanTake("claims,fraud", false));

    [Fact]
    public void CanTake_IsFalse_ForNonTrainee_WhenReservedForTrainees() => Assert.False(Ann(trainee: false).CanTake("claims", true));

    [Fact]
    public void CanTake_IsTrue_ForTrainee_WhenReservedForTrainees() => Assert.True(Ann(trainee: true).CanTake("claims", true));

    [Fact]
    public void CanTake_IsFalse_ForTrainee_WithoutSkill_EvenWhenReserved() => Assert.False(Ann(true, "claims").CanTake("fraud", true));

    [Fact]
    public void CanTake_IsTrue_ForTrainee_OnUnreservedWork() => Assert.True(Ann(trainee: true).CanTake("claims", false));
}
