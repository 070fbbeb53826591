using Orchestrator.Domain.Agents;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Agents;

public class AgentProfileTests
{
    private static AgentProfile Sim() =>
        AgentProfile.Create(Agent, "  Simulated adjuster ", AgentKind.Simulated, "sim", "1.0", 0.01m, 0.002m, 4, Start);

    [Fact]
    public void Create_MakesActiveProfile()
    {
        var p = AgentProfile.Create("gpt", "GPT claims", AgentKind.ChatModel, "gpt-x", "2026-01", 0.01m, 0.002m, 8, Start,
            endpoint: "https://example.invalid", settingsJson: """{"temperature":0}""", maxBacklog: 50);

        Assert.Equal("gpt", p.Key);
        Assert.Equal("GPT claims", p.Name);
        Assert.Equal(AgentKind.ChatModel, p.Kind);
        Assert.Equal("gpt-x", p.Model);
        Assert.Equal("2026-01", p.ModelVersion);
        Assert.Equal("https://example.invalid", p.Endpoint);
        Assert.Equal(0.01m, p.CostPerCall);
        Assert.Equal(0.002m, p.CostPer1kTokens);
        Assert.Equal(8, p.MaxConcurrency);
        Assert.Equal(50, p.MaxBacklog);
        Assert.Equal("""{"temperature":0}""", p.SettingsJson);
        Assert.Equal(AgentStatus.Active, p.Status);
        Assert.Equal(Start, p.CreatedAt);
        Assert.NotEqual(Guid.Empty, p.Id);
    }

    [Fact]
    public void Create_TrimsName_AndDefaultsBacklogAndSettings()
    {
        var p = Sim();

        Assert.Equal("Simulated adjuster", p.Name);
        Assert.Equal(1000, p.MaxBacklog);
        Assert.Equal("{}", p.SettingsJson);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_Fails_WhenKeyBlank(string key)
    {
        var ex = Invalid(() => AgentProfile.Create(key, "Sim", AgentKind.Simulated, "sim", "1", 0m, 0m, 1, Start), "agent.invalid");

        Assert.Equal("key", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Create_Fails_WhenKeyTooLong() =>
        Invalid(() => AgentProfile.Create(new string('k', 65), "Sim", AgentKind.Simulated, "sim", "1", 0m, 0m, 1, Start), "agent.invalid");

    [Fact]
    public void Create_Fails_WithEveryBadValue_NamingFields()
    {
        var ex = Invalid(() => AgentProfile.Create("sim", "", AgentKind.Simulated, "sim", "1", -1m, -0.5m, 0, Start, maxBacklog: 0), "agent.invalid");

        Assert.Equal(["name", "costPerCall", "costPer1kTokens", "maxConcurrency", "maxBacklog"], ex.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void Create_ChecksMaxConcurrencyRange(int concurrency, bool ok)
    {
        void Make() => AgentProfile.Create("sim", "Sim", AgentKind.Simulated, "sim", "1", 0m, 0m, concurrency, Start);

        if (ok) Make();
        else Assert.Equal("maxConcurrency", Assert.Single(Invalid(Make, "agent.invalid").Errors).Field);
    }

    [Fact]
    public void Update_ChangesSettings_AndBlankSettingsBecomeEmptyObject()
    {
        var p = Sim();

        p.Update("Sim 2", "sim", "2.0", null, 0.02m, 0.001m, 2, 10, "  ");

        Assert.Equal("Sim 2", p.Name);
        Assert.Equal("2.0", p.ModelVersion);
        Assert.Equal(0.02m, p.CostPerCall);
        Assert.Equal(2, p.MaxConcurrency);
        Assert.Equal(10, p.MaxBacklog);
        Assert.Equal("{}", p.SettingsJson);
    }

    [Fact]
    public void Update_Fails_AndKeepsProfile_WhenInvalid()
    {
        var p = Sim();

        Invalid(() => p.Update("Sim 2", "sim", "2.0", null, 0.02m, 0.001m, 2, 0, "{}"), "agent.invalid");

        Assert.Equal("Simulated adjuster", p.Name);
        Assert.Equal(1000, p.MaxBacklog);
    }

    [Fact]
    public void CallCost_IsPerCallPlusTokens()
    {
        Assert.Equal(0.013m, Sim().CallCost(1500));
        Assert.Equal(0.01m, Sim().CallCost(0));
    }

    // ---- Status transitions

    [Fact]
    public void Pause_PausesActiveAgent()
    {
        var p = Sim();

        p.Pause();

        Assert.Equal(AgentStatus.Paused, p.Status);
    }

    [Fact]
    public void Resume_ReactivatesPausedAgent()
    {
        var p = Sim();
        p.Pause();

        p.Resume();

        Assert.Equal(AgentStatus.Active, p.Status);
    }

    [Fact]
    public void Pause_Fails_WhenAlreadyPaused()
    {
        var p = Sim();
        p.Pause();

        Throws(p.Pause, "agent.illegal-transition");
        Assert.Equal(AgentStatus.Paused, p.Status);
    }

    [Fact]
    public void Resume_Fails_WhenActive()
    {
        var p = Sim();

        Throws(p.Resume, "agent.illegal-transition");
        Assert.Equal(AgentStatus.Active, p.Status);
    }

    [Fact]
    public void Retire_RetiresActiveAgent()
    {
        var p = Sim();

        p.Retire();

        Assert.Equal(AgentStatus.Retired, p.Status);
    }

    [Fact]
    public void Retire_RetiresPausedAgent()
    {
        var p = Sim();
        p.Pause();

        p.Retire();

        Assert.Equal(AgentStatus.Retired, p.Status);
    }

    [Fact]
    public void Retire_Fails_WhenAlreadyRetired()
    {
        var p = Sim();
        p.Retire();

        Throws(p.Retire, "agent.illegal-transition");
    }

    [Fact]
    public void Resume_Fails_WhenRetired()
    {
        var p = Sim();
        p.Retire();

        Throws(p.Resume, "agent.illegal-transition");
        Assert.Equal(AgentStatus.Retired, p.Status);
    }

    [Fact]
    public void Pause_Fails_WhenRetired()
    {
        var p = Sim();
        p.Retire();

        Throws(p.Pause, "agent.illegal-transition");
        Assert.Equal(AgentStatus.Retired, p.Status);
    }
}
