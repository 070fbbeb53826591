using System.Globalization;
using Orchestrator.Domain.Quality;
using Orchestrator.Infrastructure.Outcomes;

namespace Orchestrator.Web.Features.Dashboards;

/// <summary>Every dashboard table as plain columns and rows, for CSV export (the page renders the same figures).</summary>
public static class DashboardTables
{
    public const string Days = "days", Steps = "steps", Agents = "agents", Advisor = "advisor";
    public static readonly IReadOnlyList<string> All = [Days, Steps, Agents, Advisor];

    public static (string[] Header, IEnumerable<string[]> Rows) For(string table, OutcomeDashboard d, IReadOnlyList<StepAdvice> advice) => table switch
    {
        Days => (["day", "outcomes", "cost_per_outcome", "human", "agent", "review", "margin_per_outcome", "agent_share"],
            d.Days.Select(x => new[] { x.Day.ToString("yyyy-MM-dd", Inv), N(x.Outcomes), M(x.CostPerOutcome), M(x.Cost.Per(x.Outcomes).Human),
                M(x.Cost.Per(x.Outcomes).Agent), M(x.Cost.Per(x.Outcomes).Review), M(x.MarginPerOutcome), P(x.AgentShare) })),
        Steps => (["step", "completed", "agent_share", "human_cost", "agent_cost", "review_cost", "cost_per_outcome", "share_of_cost", "human_hours",
                "escalation_rate", "pass_rate", "pass_low", "pass_high", "reviews"],
            d.Steps.Select(s => (string[])[s.StepName, N(s.Completed), P(s.AgentShare), M(s.Cost.Human), M(s.Cost.Agent), M(s.Cost.Review), M(s.CostPerOutcome),
                P(s.ShareOfCost), s.HumanHours.ToString("0.00", Inv), P(s.EscalationRate), .. Interval(s.Quality)])),
        Agents => (["agent", "model_version", "completed", "escalated", "escalation_rate", "cost_per_task", "pass_rate", "pass_low", "pass_high", "reviews"],
            d.Agents.Select(a => (string[])[a.Name, a.ModelVersion, N(a.Completed), N(a.Escalated), P(a.EscalationRate), M(a.CostPerTask), .. Interval(a.Quality)])),
        Advisor => (["step", "current_share", "current_oversight", "recommended_share", "recommended_oversight", "cost_per_task_now", "cost_per_task_recommended",
                "human_cost", "agent_cost", "review_cost", "accuracy_low", "cost_of_error", "tasks_per_month", "kept_reason", "kept_by", "monthly_cost_of_keeping"],
            advice.Select(a => new[] { a.StepName, N(a.CurrentShare), a.Current.Oversight.ToString(), N(a.Advice.Recommended.AgentShare),
                a.Advice.Recommended.Oversight.ToString(), M(Domain.Economics.AutomationAdvisor.Cost(a.Advice.Inputs, a.CurrentShare, a.Current.Oversight).CostPerTask),
                M(a.Advice.Recommended.CostPerTask), M(a.Advice.Inputs.HumanCostPerTask), M(a.Advice.Inputs.AgentCostPerTask), M(a.Advice.Inputs.ReviewCostPerReview),
                P(a.Advice.Inputs.Accuracy.Low), M(a.Advice.Inputs.CostOfError), a.Advice.Inputs.TasksPerMonth.ToString("0", Inv),
                a.Current.KeepHumansReason?.ToString() ?? "", a.Current.SetBy ?? "", M(a.MonthlyCostOfKeeping) })),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "No such dashboard table."),
    };

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string N(int v) => v.ToString(Inv);
    private static string M(decimal v) => v.ToString("0.00##", Inv);
    private static string P(double? v) => v?.ToString("0.0###", Inv) ?? "";
    private static string P(Proportion p) => p.IsMeasured ? p.Value.ToString("0.0###", Inv) : "";
    private static string[] Interval(Proportion p) => p.IsMeasured
        ? [p.Value.ToString("0.0###", Inv), p.Low.ToString("0.0###", Inv), p.High.ToString("0.0###", Inv), N(p.Trials)]
        : ["", "", "", "0"];
}
