using MudBlazor;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Web.Features.Dashboards;

namespace Orchestrator.Web.Tests.Features.Dashboards;

/// <summary>The charts get the figures the rollups hold: agent share climbing per step, cost per outcome stacked by kind.</summary>
public class OutcomeChartsTests : MudTestContext
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private static OutcomeDashboard Dashboard()
    {
        var facts = new RollupChanges();
        // Day 1: extract 4 of 5 by agents (80%); day 2: 19 of 20 (95%); day 3: nothing completed.
        AddSteps(facts, Monday, "extract", agent: 4, human: 1);
        AddSteps(facts, Monday.AddDays(1), "extract", agent: 19, human: 1);
        AddSteps(facts, Monday, "decide", agent: 0, human: 2);
        // Day 1: two outcomes costing 6 human, 1 agent, 3 review in all.
        facts.Add((new OutcomeKey("flow", Monday, 30), new OutcomeMeasures(2, Money.Micros(50m), Money.Micros(6m), Money.Micros(1m), Money.Micros(3m), 7, 4)));
        return OutcomeDashboard.Compose("flow", Monday, Monday.AddDays(2), 0, facts,
            [new StepLabel("extract", "Extract"), new StepLabel("decide", "Decide")], [], 25m);
    }

    private static void AddSteps(RollupChanges facts, DateOnly day, string step, int agent, int human)
    {
        facts.Add((new StepFactKey("flow", day, step, TaskKind.Step, WorkTaskStatus.Completed, TaskRoute.Agent, "bot"), new StepMeasures(agent, 0, 0, 0, 0, agent, 0, 0)));
        facts.Add((new StepFactKey("flow", day, step, TaskKind.Step, WorkTaskStatus.Completed, TaskRoute.Human, ""), new StepMeasures(human, 0, 0, 0, 0, human, 0, 0)));
    }

    [Fact]
    public void AgentShareChart_HasOneLinePerStepAndTheWorkflow_InPercentPerDay()
    {
        var cut = Render<OutcomeCharts>(p => p.Add(x => x.Data, Dashboard()));

        var line = cut.FindComponents<MudChart<double>>().Single(c => c.Instance.ChartType == ChartType.Line);
        var series = line.Instance.ChartSeries.ToDictionary(s => s.Name, s => s.Data.Points.Select(p => p.HasValue ? p.Y : (double?)null).ToList());
        Assert.Equal(new[] { "Workflow", "Extract", "Decide" }, series.Keys);
        Assert.Equal(new double?[] { 80, 95, null }, series["Extract"]);
        Assert.Equal(new double?[] { 0, null, null }, series["Decide"]);
        Assert.Equal(new double?[] { 57.1, 95, null }, series["Workflow"]); // 4 of 7, then 19 of 20
        Assert.Equal(new[] { "Mar 2", "Mar 3", "Mar 4" }, line.Instance.ChartLabels);
    }

    [Fact]
    public void CostChart_StacksHumanAgentAndReviewCostPerOutcome()
    {
        var cut = Render<OutcomeCharts>(p => p.Add(x => x.Data, Dashboard()));

        var bars = cut.FindComponents<MudChart<double>>().Single(c => c.Instance.ChartType == ChartType.StackedBar);
        var series = bars.Instance.ChartSeries.ToDictionary(s => s.Name, s => s.Data.Points.Select(p => p.HasValue ? p.Y : (double?)null).ToList());
        Assert.Equal(new double?[] { 3, 0, 0 }, series["Human"]);   // 6 / 2 outcomes
        Assert.Equal(new double?[] { 0.5, 0, 0 }, series["Agent"]);   // 1 / 2
        Assert.Equal(new double?[] { 1.5, 0, 0 }, series["Review"]);  // 3 / 2
    }

    [Fact]
    public void CsvTables_CarryTheSameFigures()
    {
        var (header, rows) = DashboardTables.For(DashboardTables.Days, Dashboard(), []);
        var first = rows.First();
        Assert.Equal("cost_per_outcome", header[2]);
        Assert.Equal(new[] { "2026-03-02", "2", "5.00", "3.00", "0.50", "1.50", "20.00" }, first[..7]);
    }
}
