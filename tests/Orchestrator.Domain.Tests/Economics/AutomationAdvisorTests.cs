using Orchestrator.Domain.Economics;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;
using Xunit;

namespace Orchestrator.Domain.Tests.Economics;

/// <summary>Each expected figure is worked by hand in the comment beside it.</summary>
public sealed class AutomationAdvisorTests
{
    // Accuracy 95/100 with a lower bound taken as 0.90 → P(error) = 0.10.
    private static readonly AdvisorInputs Cheap = new(HumanCostPerTask: 6.00m, AgentCostPerTask: 0.50m, ReviewCostPerReview: 2.00m,
        Accuracy: new Proportion(95, 100, 0.90, 0.98), CostOfError: 100m, SampleRate: 0.2, TasksPerMonth: 1000);

    [Fact]
    public void AgentTaskCost_AddsReviewsAndErrorsThatSlipThrough()
    {
        Assert.Equal(10.50m, AutomationAdvisor.AgentTaskCost(Cheap, Oversight.None));      // 0.50 + 0 + 0.10 × 1.0 × 100
        Assert.Equal(8.90m, AutomationAdvisor.AgentTaskCost(Cheap, Oversight.Sampled));    // 0.50 + 0.2 × 2.00 + 0.10 × 0.8 × 100
        Assert.Equal(2.50m, AutomationAdvisor.AgentTaskCost(Cheap, Oversight.ReviewAll));  // 0.50 + 1.0 × 2.00 + 0
    }

    [Fact]
    public void Cost_BlendsAgentAndHumanByShare()
    {
        Assert.Equal(4.25m, AutomationAdvisor.Cost(Cheap, 50, Oversight.ReviewAll).CostPerTask); // 0.5 × 2.50 + 0.5 × 6.00
        var sampled = AutomationAdvisor.Cost(Cheap, 75, Oversight.Sampled);
        Assert.Equal(8.175m, sampled.CostPerTask);                                                // 0.75 × 8.90 + 0.25 × 6.00
        Assert.Equal(0.06, sampled.ErrorsPerTask, 10);                                             // 0.75 × 0.10 × 0.8
    }

    [Fact]
    public void ErrorProbability_UsesLowerBound_NotPointEstimate()
    {
        var measured = Cheap with { Accuracy = Proportion.Of(95, 100) };
        Assert.Equal(1 - measured.Accuracy.Low, measured.ErrorProbability);
        Assert.True(measured.ErrorProbability > 0.05);
        Assert.Equal(1, (Cheap with { Accuracy = Proportion.Of(0, 0) }).ErrorProbability);
    }

    [Fact]
    public void BreakEven_IsTheAccuracyWhereAgentCostMeetsHumanCost()
    {
        var be = AutomationAdvisor.Advise(Cheap).BreakEvens.ToDictionary(b => b.Oversight);
        Assert.Equal(0.945, be[Oversight.None].Accuracy!.Value, 10);       // 1 − (6 − 0.5) / (1.0 × 100)
        Assert.Equal(0.93625, be[Oversight.Sampled].Accuracy!.Value, 10);  // 1 − (6 − 0.5 − 0.4) / (0.8 × 100)
        Assert.Null(be[Oversight.ReviewAll].Accuracy);                     // nothing slips through: accuracy does not decide
    }

    [Fact]
    public void Advise_RecommendsAgentsWithReviewAll_WhenThatIsCheapest()
    {
        var advice = AutomationAdvisor.Advise(Cheap);
        Assert.Equal(100, advice.Recommended.AgentShare);
        Assert.Equal(Oversight.ReviewAll, advice.Recommended.Oversight);
        Assert.Equal(2.50m, advice.Recommended.CostPerTask);
        Assert.Equal(18, advice.Grid.Count);
        Assert.Equal(3500m, AutomationAdvisor.MonthlyCostOfKeeping(advice, 0, Oversight.None)); // (6.00 − 2.50) × 1000
        Assert.Equal(0m, AutomationAdvisor.MonthlyCostOfKeeping(advice, 100, Oversight.ReviewAll));
    }

    [Fact]
    public void Advise_KeepsHumans_WhenErrorsAreCostly()
    {
        var costly = Cheap with { ReviewCostPerReview = 7m, CostOfError = 2500m, SampleRate = 0.1 };
        Assert.Equal(7.50m, AutomationAdvisor.AgentTaskCost(costly, Oversight.ReviewAll));  // 0.50 + 7.00
        Assert.Equal(226.20m, AutomationAdvisor.AgentTaskCost(costly, Oversight.Sampled));  // 0.50 + 0.70 + 0.10 × 0.9 × 2500
        var advice = AutomationAdvisor.Advise(costly);
        Assert.Equal(0, advice.Recommended.AgentShare);
        Assert.Equal(Oversight.None, advice.Recommended.Oversight);
        Assert.Equal(6.00m, advice.Recommended.CostPerTask);
        Assert.Equal(0.9978, advice.BreakEvens.Single(b => b.Oversight == Oversight.None).Accuracy!.Value, 10); // 1 − 5.5 / 2500
        Assert.Null(advice.BreakEvens.Single(b => b.Oversight == Oversight.ReviewAll).Accuracy);
    }

    [Fact]
    public void WhatIf_ProjectsCostPerOutcomeErrorsAndHumanHours()
    {
        var volume = new StepVolume(TasksPerWeek: 200, TasksPerOutcome: 1, HumanHoursPerTask: 0.2, ReviewHoursPerReview: 0.05,
            StepCostPerOutcome: 6m, CostPerOutcome: 20m);
        var p = StaffingWhatIf.Project(Cheap, volume, 75, Oversight.Sampled);
        Assert.Equal(8.175m, p.CostPerTask);
        Assert.Equal(22.175m, p.CostPerOutcome);      // 20 − 6 + 8.175 × 1
        Assert.Equal(12, p.ErrorsPerWeek, 10);         // 200 × 0.75 × 0.10 × 0.8
        Assert.Equal(11.5, p.HumanHoursPerWeek, 10);   // 200 × (0.25 × 0.2 + 0.75 × 0.2 × 0.05)
    }

    [Theory]
    [InlineData(0, StaffingMode.Human)]
    [InlineData(60, StaffingMode.Hybrid)]
    [InlineData(100, StaffingMode.Agent)]
    public void WhatIf_Apply_SetsModeFromShare(int share, StaffingMode mode)
    {
        var current = new StaffingPolicy { Mode = StaffingMode.Hybrid, AgentShare = 30, AllowedAgents = ["a"], KeepHumansReason = KeepHumansReason.Other };
        var applied = StaffingWhatIf.Apply(current, share, Oversight.ReviewAll);
        Assert.Equal(mode, applied.Mode);
        Assert.Equal(share, applied.AgentShare);
        Assert.Equal(Oversight.ReviewAll, applied.Oversight);
        Assert.Equal(["a"], applied.AllowedAgents);
    }
}
