using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Routing;

/// <summary>Where a new task goes, and why.</summary>
public sealed record RouteDecision(TaskRoute Route, string Reason, string? AgentProfileKey = null, bool ReservedForTrainees = false)
{
    public static RouteDecision Human(string reason, bool reservedForTrainees = false) => new(TaskRoute.Human, reason, null, reservedForTrainees);
}

/// <summary>An agent profile as routing sees it.</summary>
public sealed record AgentCandidate(string Key, bool Active, int OpenTasks, int MaxBacklog);

/// <summary>
/// Per-step counters that let Hybrid routing track its target share by deficit, not coin flips.
/// Fallbacks (no agent available) are not counted, so routing catches up gently when agents return.
/// </summary>
public sealed class StepRoutingState
{
    public required string WorkflowKey { get; init; }
    public required string StepKey { get; init; }
    public int TargetShare { get; set; }
    public long Routed { get; set; }
    public long RoutedToAgents { get; set; }
    /// <summary>Human tasks routed under an apprenticeship quota while trainees were available (the quota's tally).</summary>
    public long HumanRouted { get; set; }
    public long ReservedForTrainees { get; set; }
    public int Version { get; set; }
}

public static class Router
{
    /// <summary>Decides human or agent for the next task of <paramref name="step"/> and updates <paramref name="state"/>.</summary>
    public static RouteDecision Route(StepDefinition step, StepRoutingState state, IReadOnlyList<AgentCandidate> agents, bool traineesAvailable)
    {
        var policy = step.Staffing;
        if (state.TargetShare != policy.AgentShare || policy.Mode != StaffingMode.Hybrid)
        {
            // a new target starts a new tally, so the realized share tracks it from now on
            if (state.TargetShare != policy.AgentShare) { state.Routed = 0; state.RoutedToAgents = 0; }
            state.TargetShare = policy.AgentShare;
        }

        switch (policy.Mode)
        {
            case StaffingMode.Human:
                return ToHumans(step, state, traineesAvailable, $"Human mode ({policy.KeepHumansReason?.ToString() ?? "policy"})");
            case StaffingMode.Agent:
                return ToAgentOrFallback(step, state, agents, traineesAvailable, "Agent mode");
            default:
                var wantAgent = ShouldRouteToAgent(state.Routed, state.RoutedToAgents, policy.AgentShare);
                if (!wantAgent)
                {
                    state.Routed++;
                    return ToHumans(step, state, traineesAvailable, $"Hybrid {policy.AgentShare}%: human turn");
                }
                var decision = ToAgentOrFallback(step, state, agents, traineesAvailable, $"Hybrid {policy.AgentShare}%: agent turn");
                if (decision.Route == TaskRoute.Agent) { state.Routed++; state.RoutedToAgents++; }
                return decision;
        }
    }

    /// <summary>
    /// Whether routing a task of a step under <paramref name="policy"/> reads or moves the step's tally: a hybrid share
    /// or an apprenticeship quota. Otherwise the decision depends on the agents alone, and the state is left as it is.
    /// </summary>
    public static bool KeepsTally(StaffingPolicy policy) => policy.Mode == StaffingMode.Hybrid || policy.ApprenticeshipQuota > 0;

    /// <summary>Route to an agent when doing so keeps the realized share closest to the target.</summary>
    public static bool ShouldRouteToAgent(long routed, long routedToAgents, int sharePercent)
    {
        // After this task, the ideal number of agent tasks is floor(share × (routed+1) + ½).
        var ideal = (long)Math.Floor(sharePercent * (routed + 1) / 100.0 + 0.5);
        return routedToAgents < ideal;
    }

    private static RouteDecision ToAgentOrFallback(StepDefinition step, StepRoutingState state, IReadOnlyList<AgentCandidate> agents, bool traineesAvailable, string why)
    {
        var allowed = agents.Where(a => step.Staffing.AllowedAgents.Contains(a.Key)).ToList();
        var ready = allowed.Where(a => a.Active && a.OpenTasks < a.MaxBacklog).OrderBy(a => a.OpenTasks).ThenBy(a => a.Key, StringComparer.Ordinal).FirstOrDefault();
        if (ready is not null) return new RouteDecision(TaskRoute.Agent, $"{why} → {ready.Key}", ready.Key);
        var fallback = allowed.Count == 0 ? "no allowed agent profile"
            : allowed.All(a => !a.Active) ? "every allowed agent is paused or retired"
            : "every allowed agent is saturated";
        return ToHumans(step, state, traineesAvailable, $"{why}, but {fallback}: sent to humans");
    }

    private static RouteDecision ToHumans(StepDefinition step, StepRoutingState state, bool traineesAvailable, string reason)
    {
        var quota = step.Staffing.ApprenticeshipQuota;
        var reserve = false;
        if (quota > 0 && traineesAvailable)
        {
            reserve = ShouldRouteToAgent(state.HumanRouted, state.ReservedForTrainees, quota);
            if (reserve) state.ReservedForTrainees++;
            // counted only while trainees can take work, so their return does not trigger a run of reserved tasks
            state.HumanRouted++;
        }
        return RouteDecision.Human(reserve ? reason + "; reserved for trainees (apprenticeship quota)" : reason, reserve);
    }
}
