using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.ConsoleOps;

/// <summary>The staffing dial and agent control from the orchestrator console, seen through routing.</summary>
public sealed class ConsoleStaffingTests
{
    [Fact]
    public async Task ChangeStaffing_From50To90_Routes90PercentOfNext200ToAgents()
    {
        await using var host = await ConsoleHost.StartAsync();
        // Some history at 50 %, so the new target has a tally to replace.
        var before = new List<WorkTask>();
        for (var i = 0; i < 10; i++) before.Add(await host.OpenAsync(ConsoleHost.HybridWorkflow));
        Assert.Equal(5, before.Count(t => t.Route == TaskRoute.Agent));

        var changed = await host.Get<ChangeStaffing>().HandleAsync(ConsoleHost.Orchestrator, ConsoleHost.HybridWorkflow, ConsoleHost.Step, ConsoleHost.Hybrid(90));
        Assert.True(changed.Succeeded, changed.Message);

        var routed = new List<WorkTask>();
        for (var i = 0; i < 200; i++) routed.Add(await host.OpenAsync(ConsoleHost.HybridWorkflow));
        var toAgents = routed.Count(t => t.Route == TaskRoute.Agent);
        var share = 100.0 * toAgents / routed.Count;
        Assert.True(Math.Abs(share - 90) <= 5, $"{toAgents} of 200 new tasks went to agents ({share:0.0} %), not within 5 points of 90 %.");
        Assert.All(routed.Where(t => t.Route == TaskRoute.Agent), t => Assert.Equal(ConsoleHost.Agent, t.AgentProfileKey));
        Assert.All(routed, t => Assert.StartsWith("Hybrid 90%", t.RouteReason));
    }

    [Fact]
    public async Task ChangeStaffing_HumanModeWithoutReason_IsInvalid_NamingKeepHumansReason()
    {
        await using var host = await ConsoleHost.StartAsync();
        var policy = new StaffingPolicy { Mode = StaffingMode.Human };

        var result = await host.Get<ChangeStaffing>().HandleAsync(ConsoleHost.Orchestrator, ConsoleHost.HybridWorkflow, ConsoleHost.Step, policy);

        Assert.Equal(WorkOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.Field == "keepHumansReason");
        var overrides = await host.WithDbAsync(db => db.StaffingOverrides.CountAsync());
        Assert.Equal(0, overrides);
    }

    [Fact]
    public async Task ChangeStaffing_UnknownAgent_IsInvalid()
    {
        await using var host = await ConsoleHost.StartAsync();

        var result = await host.Get<ChangeStaffing>().HandleAsync(ConsoleHost.Orchestrator, ConsoleHost.HybridWorkflow, ConsoleHost.Step,
            ConsoleHost.Hybrid(60, "no-such-agent"));

        Assert.Equal(WorkOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!, e => e.Field == "allowedAgents");
        Assert.Contains("no-such-agent", error.Message);
        var overrides = await host.WithDbAsync(db => db.StaffingOverrides.CountAsync());
        Assert.Equal(0, overrides);
    }

    [Fact]
    public async Task PauseAgent_SendsItsQueuedTasksToHumans_AndRoutesNewWorkToHumans_ResumeRoutesToAgentAgain()
    {
        await using var host = await ConsoleHost.StartAsync();
        var control = host.Get<ControlAgent>();
        var early = new List<WorkTask>();
        for (var i = 0; i < 6; i++) early.Add(await host.OpenAsync(ConsoleHost.HybridWorkflow));
        var waitingForAgent = early.Where(t => t.Route == TaskRoute.Agent).Select(t => t.Id).ToList();
        Assert.Equal(3, waitingForAgent.Count);

        var paused = await control.HandleAsync(ConsoleHost.Orchestrator, ConsoleHost.Agent, AgentCommand.Pause, "console test");
        Assert.True(paused.Succeeded, paused.Message);

        foreach (var id in waitingForAgent)
        {
            var t = await host.TaskAsync(id);
            Assert.Equal(WorkTaskStatus.Escalated, t.Status);
            Assert.Equal(TaskRoute.Human, t.Route);
            Assert.Contains("paused", t.EscalationReason, StringComparison.OrdinalIgnoreCase);
        }

        var whilePaused = new List<WorkTask>();
        for (var i = 0; i < 6; i++) whilePaused.Add(await host.OpenAsync(ConsoleHost.HybridWorkflow));
        Assert.All(whilePaused, t => Assert.Equal(TaskRoute.Human, t.Route));
        var agentTurns = whilePaused.Where(t => t.RouteReason.Contains("agent turn")).ToList();
        Assert.NotEmpty(agentTurns);
        Assert.All(agentTurns, t => Assert.Contains("paused", t.RouteReason, StringComparison.OrdinalIgnoreCase));

        var resumed = await control.HandleAsync(ConsoleHost.Orchestrator, ConsoleHost.Agent, AgentCommand.Resume, "console test");
        Assert.True(resumed.Succeeded, resumed.Message);
        var afterResume = new List<WorkTask>();
        for (var i = 0; i < 6; i++) afterResume.Add(await host.OpenAsync(ConsoleHost.HybridWorkflow));
        Assert.Contains(afterResume, t => t.Route == TaskRoute.Agent && t.AgentProfileKey == ConsoleHost.Agent);
    }
}
