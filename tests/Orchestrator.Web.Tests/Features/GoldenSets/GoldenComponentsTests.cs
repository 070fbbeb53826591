using System.Text.Json.Nodes;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Quality.Golden;
using Orchestrator.Web.Features.GoldenSets;

namespace Orchestrator.Web.Tests.Features.GoldenSets;

public class GoldenComponentsTests : MudTestContext
{
    private static GoldenStep Step(double? threshold) => new("auto-claims", "Auto claims", new StepDefinition
    {
        Key = "intake", Name = "Intake",
        Staffing = new() { Mode = StaffingMode.Hybrid, AgentShare = 50, AllowedAgents = ["sim-a", "sim-b"] },
        Quality = new() { GoldenSetThreshold = threshold },
    }, 3);

    [Fact]
    public void GateCard_SaysWhichAllowedAgentsTheRouterSkips_AndWhy()
    {
        var cut = Render<GoldenGateCard>(p => p.Add(x => x.Step, Step(0.9))
            .Add(x => x.Unqualified, new Dictionary<string, string> { ["sim-b"] = "sim-b (version 2) has no golden-set run on step 'intake'." }));

        Assert.Contains("at least 90%", cut.Markup);
        Assert.Contains("sim-a: passed; serves the step.", cut.Markup);
        Assert.Contains("Skipped by the router: sim-b (version 2) has no golden-set run", cut.Markup);
    }

    [Fact]
    public void GateCard_WithoutThreshold_SaysNoPassIsRequired()
    {
        var cut = Render<GoldenGateCard>(p => p.Add(x => x.Step, Step(null)));

        Assert.Contains("does not require a golden-set pass", cut.Markup);
        Assert.DoesNotContain("Skipped", cut.Markup);
    }

    [Fact]
    public void CompactFields_ShowsEachFieldAndCutsLongValues()
    {
        var cut = Render<CompactFields>(p => p.Add(x => x.Values, new JsonObject { ["type"] = "theft", ["note"] = new string('x', 200), ["amount"] = 12.5 }));

        Assert.Contains("theft", cut.Markup);
        Assert.Contains("12.5", cut.Markup);
        Assert.Contains(new string('x', 80) + "…", cut.Markup);
        Assert.DoesNotContain(new string('x', 81), cut.Markup);
    }
}
