using MudBlazor;
using Orchestrator.Infrastructure.Outcomes;

namespace Orchestrator.Web.Features.Dashboards;

/// <summary>The dashboard's chart data: one label per day, one series per line or stack.</summary>
public static class DashboardCharts
{
    public static string[] DayLabels(IReadOnlyList<DashboardDay> days) =>
        [.. days.Select((d, i) => days.Count <= 14 || i % (days.Count / 10 + 1) == 0 ? d.Day.ToString("MMM d") : "")];

    /// <summary>Agent share per day in percent, for the workflow and each step; days without completed work are gaps.</summary>
    public static List<ChartSeries<double>> AgentShare(IReadOnlyList<ShareSeries> series) =>
        [.. series.Select(s => new ChartSeries<double>
        {
            Name = s.Name,
            Data = new ChartData<double>(s.Points.Select(p => p.Share is { } v ? Math.Round(v * 100, 1) : (double?)null).ToList()),
        })];

    /// <summary>Cost per outcome per day, stacked as human, agent and review.</summary>
    public static List<ChartSeries<double>> CostPerOutcome(IReadOnlyList<DashboardDay> days) =>
    [
        Stack("Human", days, c => c.Human),
        Stack("Agent", days, c => c.Agent),
        Stack("Review", days, c => c.Review),
    ];

    private static ChartSeries<double> Stack(string name, IReadOnlyList<DashboardDay> days, Func<CostSplit, decimal> part) => new()
    {
        Name = name,
        Data = new ChartData<double>(days.Select(d => Math.Round((double)part(d.Cost.Per(d.Outcomes)), 2)).ToList()),
    };
}
