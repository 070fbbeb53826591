using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Economics;

/// <summary>How much of the step there is and what it costs now, measured over a recent period.</summary>
public sealed record StepVolume(double TasksPerWeek, double TasksPerOutcome, double HumanHoursPerTask, double ReviewHoursPerReview,
    decimal StepCostPerOutcome, decimal CostPerOutcome);

public sealed record WhatIfProjection(int AgentShare, Oversight Oversight, decimal CostPerTask, decimal CostPerOutcome, double ErrorsPerWeek,
    double HumanHoursPerWeek);

/// <summary>A proposed agent share and oversight for a step, projected before anyone applies it.</summary>
public static class StaffingWhatIf
{
    public static WhatIfProjection Project(AdvisorInputs inputs, StepVolume volume, int agentShare, Oversight oversight)
    {
        var point = AutomationAdvisor.Cost(inputs, agentShare, oversight);
        var a = Math.Clamp(agentShare, 0, 100) / 100.0;
        var review = AutomationAdvisor.ReviewRate(oversight, inputs.SampleRate);
        var costPerOutcome = volume.CostPerOutcome - volume.StepCostPerOutcome + point.CostPerTask * (decimal)volume.TasksPerOutcome;
        var hours = volume.TasksPerWeek * ((1 - a) * volume.HumanHoursPerTask + a * review * volume.ReviewHoursPerReview);
        return new WhatIfProjection(agentShare, oversight, point.CostPerTask, decimal.Round(costPerOutcome, 4),
            volume.TasksPerWeek * point.ErrorsPerTask, hours);
    }

    /// <summary>The staffing policy that realizes the share, keeping everything else (agents, threshold, reason) as it was.</summary>
    public static StaffingPolicy Apply(StaffingPolicy current, int agentShare, Oversight oversight) => current with
    {
        Mode = agentShare switch { <= 0 => StaffingMode.Human, >= 100 => StaffingMode.Agent, _ => StaffingMode.Hybrid },
        AgentShare = Math.Clamp(agentShare, 0, 100),
        Oversight = oversight,
    };
}
