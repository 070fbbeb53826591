using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Web.Features.Quality;

namespace Orchestrator.Web.Tests.Features.Quality;

public class QualityComponentsTests : MudTestContext
{
    private static QualityBreach Breach(BreachAction action, BreachStatus status = BreachStatus.Open) => new()
    {
        Id = 7, WorkflowKey = "auto-claims", StepKey = "intake", AgentProfileKey = "sim-triage", Action = action, Status = status,
        Summary = "Intake, sim-triage v1.0: accuracy 0/5 is below the 85% target.", RaisedAt = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void BreachList_OffersRevert_OnlyForAnOpenBreachWhoseActionCanBeUndone()
    {
        var cut = Render<BreachList>(p => p.Add(x => x.Breaches, [Breach(BreachAction.PauseAgent), Breach(BreachAction.Alert), Breach(BreachAction.RouteToHumans, BreachStatus.Reverted)])
            .Add(x => x.CanAct, true));

        Assert.Equal(3, cut.FindAll("[data-testid='breach']").Count);
        Assert.Equal(2, cut.FindAll("[data-testid='breach-ack']").Count);
        Assert.Single(cut.FindAll("[data-testid='breach-revert']"));
    }

    [Fact]
    public void BreachList_SaysWhatABreachIs_WhenThereIsNone() =>
        Assert.Contains("95% interval", Render<BreachList>(p => p.Add(x => x.Breaches, [])).Markup);

    [Theory]
    [InlineData(3, 3, "Too few reviews")]
    [InlineData(50, 50, "Above target")]
    [InlineData(5, 20, "Below target")]
    [InlineData(18, 20, "Within reach of target")]
    public void StratumStatus_JudgesTheInterval_NotThePointEstimate(int passes, int reviews, string expected)
    {
        var measures = new StratumMeasures(Proportion.Of(passes, reviews), Proportion.Of(0, 0), [], null);
        var stratum = new StratumQuality("wf", "s", "Step", "agent", "1", new QualityPolicy { AccuracyTarget = 0.9, MinimumSamples = 5 }, measures, reviews, 0, false);

        var cut = Render<StratumStatus>(p => p.Add(x => x.Stratum, stratum));

        Assert.Equal(expected, cut.Find("[data-testid='stratum-status']").TextContent.Trim());
    }
}
