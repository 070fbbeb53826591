using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Routing;

public class RouterTests
{
    private static readonly AgentCandidate Idle = new(Agent, true, 0, 100);

    private static StepRoutingState State(StepDefinition step) =>
        new() { WorkflowKey = WorkflowKey, StepKey = step.Key, TargetShare = step.Staffing.AgentShare };

    private static List<RouteDecision> RouteMany(StepDefinition step, StepRoutingState state, int count, IReadOnlyList<AgentCandidate>? agents = null, bool trainees = false)
    {
        var decisions = new List<RouteDecision>();
        for (var i = 0; i < count; i++)
        {
            var decision = Router.Route(step, state, agents ?? [Idle], trainees);
            Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
            Assert.Equal(decision.Route == TaskRoute.Agent, decision.AgentProfileKey is not null);
            decisions.Add(decision);
        }
        return decisions;
    }

    private static int Agents(IEnumerable<RouteDecision> decisions) => decisions.Count(d => d.Route == TaskRoute.Agent);

    private static void EveryWindowNear(IReadOnlyList<bool> hits, int targetPercent, int window = 100, int tolerance = 2)
    {
        for (var start = 0; start + window <= hits.Count; start++)
        {
            var share = hits.Skip(start).Take(window).Count(h => h) * 100.0 / window;
            Assert.True(Math.Abs(share - targetPercent) <= tolerance,
                $"tasks {start}..{start + window - 1}: realized {share}% vs target {targetPercent}%");
        }
    }

    private static int LongestRun(IEnumerable<bool> hits)
    {
        int longest = 0, run = 0;
        foreach (var h in hits) { run = h ? run + 1 : 0; longest = Math.Max(longest, run); }
        return longest;
    }

    [Fact]
    public void KeepsTally_OnlyForHybridSharesAndApprenticeshipQuotas_SoOtherStepsNeedNoSharedState()
    {
        Assert.True(Router.KeepsTally(Hybrid(50, Agent)));
        Assert.True(Router.KeepsTally(Human(apprenticeshipQuota: 20)));
        Assert.True(Router.KeepsTally(AgentOnly(Agent) with { ApprenticeshipQuota = 10 }));
        Assert.False(Router.KeepsTally(Human()));
        Assert.False(Router.KeepsTally(AgentOnly(Agent)));

        // and where it keeps none, a routing leaves the tally as it found it
        var step = Step("a", AgentOnly(Agent));
        var state = State(step);
        RouteMany(step, state, 5);
        RouteMany(step, state, 5, [Idle with { Active = false }]);
        Assert.Equal((0L, 0L, 0L, 0L), (state.Routed, state.RoutedToAgents, state.HumanRouted, state.ReservedForTrainees));
    }

    // ---- Human mode

    [Fact]
    public void Route_HumanMode_AlwaysGoesToHumans_EvenWithIdleAgents()
    {
        var step = Step("a", Human() with { AllowedAgents = [Agent] });

        var decisions = RouteMany(step, State(step), 50);

        Assert.All(decisions, d => Assert.Equal(TaskRoute.Human, d.Route));
        Assert.All(decisions, d => Assert.Null(d.AgentProfileKey));
        Assert.Contains("Human mode", decisions[0].Reason);
        Assert.Contains("HighStakes", decisions[0].Reason);
    }

    // ---- Agent mode

    [Fact]
    public void Route_AgentMode_PicksLeastLoadedActiveAllowedAgent()
    {
        var step = Step("a", AgentOnly("a1", "a2", "a3"));
        AgentCandidate[] agents =
        [
            new("a1", true, 5, 100),
            new("a2", true, 2, 100),
            new("a3", false, 0, 100),       // paused
            new("outsider", true, 0, 100),  // not allowed on this step
        ];

        var decision = Router.Route(step, State(step), agents, false);

        Assert.Equal(TaskRoute.Agent, decision.Route);
        Assert.Equal("a2", decision.AgentProfileKey);
        Assert.Contains("Agent mode", decision.Reason);
        Assert.Contains("a2", decision.Reason);
        Assert.False(decision.ReservedForTrainees);
    }

    [Fact]
    public void Route_AgentMode_BreaksLoadTiesByKey()
    {
        var step = Step("a", AgentOnly("zeta", "alpha"));

        var decision = Router.Route(step, State(step), [new("zeta", true, 1, 10), new("alpha", true, 1, 10)], false);

        Assert.Equal("alpha", decision.AgentProfileKey);
    }

    [Fact]
    public void Route_AgentMode_FallsBackToHumans_WhenEveryAllowedAgentPaused()
    {
        var step = Step("a", AgentOnly("a1", "a2"));

        var decision = Router.Route(step, State(step), [new("a1", false, 0, 10), new("a2", false, 0, 10)], false);

        Assert.Equal(TaskRoute.Human, decision.Route);
        Assert.Null(decision.AgentProfileKey);
        Assert.Contains("paused or retired", decision.Reason);
    }

    [Fact]
    public void Route_AgentMode_FallsBackToHumans_WhenEveryAllowedAgentSaturated()
    {
        var step = Step("a", AgentOnly("a1", "a2"));

        var decision = Router.Route(step, State(step), [new("a1", true, 10, 10), new("a2", true, 11, 10)], false);

        Assert.Equal(TaskRoute.Human, decision.Route);
        Assert.Contains("saturated", decision.Reason);
    }

    [Fact]
    public void Route_AgentMode_UsesAgentJustBelowBacklog()
    {
        var step = Step("a", AgentOnly("a1"));

        Assert.Equal("a1", Router.Route(step, State(step), [new("a1", true, 9, 10)], false).AgentProfileKey);
    }

    [Fact]
    public void Route_AgentMode_SkipsSaturatedAgent_ForAnotherWithRoom()
    {
        var step = Step("a", AgentOnly("busy", "spare"));

        var decision = Router.Route(step, State(step), [new("busy", true, 10, 10), new("spare", true, 50, 60)], false);

        Assert.Equal("spare", decision.AgentProfileKey);
    }

    [Fact]
    public void Route_AgentMode_FallsBackToHumans_WhenNoAllowedAgentKnown()
    {
        var step = Step("a", AgentOnly("ghost"));

        var decision = Router.Route(step, State(step), [new("other", true, 0, 10)], false);

        Assert.Equal(TaskRoute.Human, decision.Route);
        Assert.Contains("no allowed agent profile", decision.Reason);
    }

    [Fact]
    public void Route_AgentMode_ReturnsToAgents_WhenTheyResume()
    {
        var step = Step("a", AgentOnly("a1"));
        var state = State(step);

        var paused = Router.Route(step, state, [new("a1", false, 0, 10)], false);
        var saturated = Router.Route(step, state, [new("a1", true, 10, 10)], false);
        var resumed = Router.Route(step, state, [new("a1", true, 3, 10)], false);

        Assert.Equal(TaskRoute.Human, paused.Route);
        Assert.Equal(TaskRoute.Human, saturated.Route);
        Assert.Equal(TaskRoute.Agent, resumed.Route);
        Assert.Equal("a1", resumed.AgentProfileKey);
    }

    // ---- Hybrid mode

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(33)]
    [InlineData(50)]
    [InlineData(70)]
    [InlineData(90)]
    [InlineData(100)]
    public void Route_Hybrid_TracksTargetShare_InEveryWindowOf100(int share)
    {
        var step = Step("a", Hybrid(share));

        var decisions = RouteMany(step, State(step), 1000);

        EveryWindowNear(decisions.Select(d => d.Route == TaskRoute.Agent).ToList(), share);
        Assert.InRange(Agents(decisions), share * 10 - 5, share * 10 + 5);
    }

    [Fact]
    public void Route_Hybrid_SaysWhoseTurnItIs()
    {
        var step = Step("a", Hybrid(50));

        var decisions = RouteMany(step, State(step), 2);

        Assert.Contains(decisions, d => d.Route == TaskRoute.Agent && d.Reason.Contains("Hybrid 50%: agent turn"));
        Assert.Contains(decisions, d => d.Route == TaskRoute.Human && d.Reason.Contains("Hybrid 50%: human turn"));
    }

    [Fact]
    public void Route_Hybrid_CountsRoutedTasks()
    {
        var step = Step("a", Hybrid(30));
        var state = State(step);

        RouteMany(step, state, 200);

        Assert.Equal(200, state.Routed);
        Assert.Equal(60, state.RoutedToAgents);
        Assert.Equal(30, state.TargetShare);
    }

    [Fact]
    public void Route_Hybrid_FallsBackToHumans_WhenAgentsPaused_AndBackToAgentsWhenTheyReturn()
    {
        var step = Step("a", Hybrid(100));
        var state = State(step);

        var whilePaused = RouteMany(step, state, 20, [Idle with { Active = false }]);
        var afterResume = RouteMany(step, state, 20);

        Assert.All(whilePaused, d => Assert.Equal(TaskRoute.Human, d.Route));
        Assert.All(whilePaused, d => Assert.Contains("paused or retired", d.Reason));
        Assert.All(afterResume, d => Assert.Equal(TaskRoute.Agent, d.Route));
    }

    [Fact]
    public void Route_Hybrid_DoesNotCountFallbacks_SoShareHoldsAfterAgentsReturn()
    {
        var step = Step("a", Hybrid(50));
        var state = State(step);
        RouteMany(step, state, 100);

        var saturated = RouteMany(step, state, 30, [Idle with { OpenTasks = 100 }]);
        var after = RouteMany(step, state, 200);

        Assert.Equal(0, Agents(saturated));
        Assert.Contains(saturated, d => d.Reason.Contains("saturated"));
        Assert.Equal(300, state.Routed);
        Assert.Equal(150, state.RoutedToAgents);
        EveryWindowNear(after.Select(d => d.Route == TaskRoute.Agent).ToList(), 50);
    }

    [Fact]
    public void Route_Hybrid_ChangingShare_ResetsTally_AndTracksNewTarget()
    {
        var step = Step("a", Hybrid(20));
        var state = State(step);
        RouteMany(step, state, 500);
        var raised = step with { Staffing = Hybrid(80) };

        var first = Router.Route(raised, state, [Idle], false);
        var after = RouteMany(raised, state, 499).Prepend(first).ToList();

        Assert.Equal(80, state.TargetShare);
        Assert.Equal(500, state.Routed);
        Assert.Equal(400, state.RoutedToAgents);
        EveryWindowNear(after.Select(d => d.Route == TaskRoute.Agent).ToList(), 80);
    }

    [Fact]
    public void Route_Hybrid_LoweringShare_DoesNotStallOnOldAgentSurplus()
    {
        var step = Step("a", Hybrid(90));
        var state = State(step);
        RouteMany(step, state, 300);

        var after = RouteMany(step with { Staffing = Hybrid(10) }, state, 100);

        Assert.Equal(10, Agents(after));
        Assert.Equal(1, Agents(after.Take(10)));
    }

    [Theory]
    [InlineData(0, 0, 50, true)]
    [InlineData(1, 1, 50, false)]
    [InlineData(0, 0, 10, false)]
    [InlineData(4, 0, 10, true)]
    [InlineData(99, 0, 0, false)]
    [InlineData(99, 99, 100, true)]
    [InlineData(2, 1, 33, false)]
    [InlineData(2, 0, 33, true)]
    public void ShouldRouteToAgent_KeepsRealizedShareClosestToTarget(long routed, long toAgents, int share, bool expected) =>
        Assert.Equal(expected, Router.ShouldRouteToAgent(routed, toAgents, share));

    // ---- Apprenticeship quota

    [Fact]
    public void Route_ReservesQuotaOfHumanTasks_ForTrainees_WhenAvailable()
    {
        var step = Step("a", Human(apprenticeshipQuota: 30));
        var state = State(step);

        var decisions = RouteMany(step, state, 1000, trainees: true);

        var reserved = decisions.Select(d => d.ReservedForTrainees).ToList();
        Assert.Equal(300, reserved.Count(r => r));
        EveryWindowNear(reserved, 30);
        Assert.All(decisions.Where(d => d.ReservedForTrainees), d => Assert.Contains("apprenticeship quota", d.Reason));
        Assert.All(decisions.Where(d => !d.ReservedForTrainees), d => Assert.DoesNotContain("trainees", d.Reason));
        Assert.Equal(300, state.ReservedForTrainees);
    }

    [Fact]
    public void Route_ReservesNothing_WhenNoTraineeAvailable()
    {
        var step = Step("a", Human(apprenticeshipQuota: 50));

        var decisions = RouteMany(step, State(step), 200, trainees: false);

        Assert.DoesNotContain(decisions, d => d.ReservedForTrainees);
    }

    [Fact]
    public void Route_ReservesNothing_WhenQuotaIsZero()
    {
        var step = Step("a", Human());

        Assert.DoesNotContain(RouteMany(step, State(step), 200, trainees: true), d => d.ReservedForTrainees);
    }

    [Fact]
    public void Route_ReservesAboutQuota_WhenTraineesArriveLater_WithoutABurst()
    {
        var step = Step("a", Human(apprenticeshipQuota: 20));
        var state = State(step);
        RouteMany(step, state, 100, trainees: false);

        var decisions = RouteMany(step, state, 100, trainees: true);

        var reserved = decisions.Select(d => d.ReservedForTrainees).ToList();
        Assert.InRange(reserved.Count(r => r), 18, 22);
        Assert.True(LongestRun(reserved) <= 1, $"{LongestRun(reserved)} trainee-only tasks in a row");
    }

    [Fact]
    public void Route_Hybrid_AppliesQuotaToHumanTasksOnly()
    {
        var step = Step("a", Hybrid(50) with { ApprenticeshipQuota = 50 });

        var decisions = RouteMany(step, State(step), 1000, trainees: true);

        Assert.DoesNotContain(decisions, d => d.Route == TaskRoute.Agent && d.ReservedForTrainees);
        Assert.Equal(250, decisions.Count(d => d.ReservedForTrainees));
    }

    [Fact]
    public void Route_AgentFallback_CanBeReservedForTrainees()
    {
        var step = Step("a", AgentOnly() with { ApprenticeshipQuota = 100 });

        var decision = Router.Route(step, State(step), [Idle with { Active = false }], true);

        Assert.Equal(TaskRoute.Human, decision.Route);
        Assert.True(decision.ReservedForTrainees);
        Assert.Contains("paused", decision.Reason);
        Assert.Contains("trainees", decision.Reason);
    }

    [Fact]
    public void RouteDecisionHuman_HasNoAgent()
    {
        var decision = RouteDecision.Human("because", reservedForTrainees: true);

        Assert.Equal(TaskRoute.Human, decision.Route);
        Assert.Null(decision.AgentProfileKey);
        Assert.True(decision.ReservedForTrainees);
        Assert.Equal("because", decision.Reason);
    }
}
