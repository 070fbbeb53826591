using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;

namespace Orchestrator.Infrastructure.Outcomes;

public sealed record CostSplit(decimal Human, decimal Agent, decimal Review)
{
    public decimal Total => Human + Agent + Review;
    public CostSplit Per(int outcomes) => outcomes == 0 ? new(0, 0, 0) : new(Human / outcomes, Agent / outcomes, Review / outcomes);
}

public sealed record DashboardDay(DateOnly Day, int Outcomes, CostSplit Cost, decimal Revenue, int StepTasks, int AgentStepTasks)
{
    public decimal CostPerOutcome => Outcomes == 0 ? 0 : Cost.Total / Outcomes;
    public decimal MarginPerOutcome => Outcomes == 0 ? 0 : (Revenue - Cost.Total) / Outcomes;
    public double? AgentShare => StepTasks == 0 ? null : (double)AgentStepTasks / StepTasks;
}

/// <summary>One step's work in the period: volume, who did it, how well, and what it cost (its reviews included).</summary>
public sealed record StepFigures(string StepKey, string StepName, int Completed, int AgentCompleted, int Escalated, int WithinSla, int Passed, int Failed,
    CostSplit Cost, double HumanHours, decimal CostPerOutcome, double ShareOfCost)
{
    public double? AgentShare => Completed == 0 ? null : (double)AgentCompleted / Completed;
    public Proportion Quality => Proportion.Of(Passed, Passed + Failed);
    public Proportion EscalationRate => Proportion.Of(Escalated, Completed);
}

/// <summary>One agent profile (and its model version) on this workflow: what it finished, escalated, and how its reviews went.</summary>
public sealed record AgentFigures(string AgentKey, string Name, string ModelVersion, int Completed, int Escalated, int Passed, int Failed, decimal AgentCost)
{
    public Proportion Quality => Proportion.Of(Passed, Passed + Failed);
    public Proportion EscalationRate => Proportion.Of(Escalated, Completed + Escalated);
    public decimal CostPerTask => Completed + Escalated == 0 ? 0 : AgentCost / (Completed + Escalated);
}

public sealed record SharePoint(DateOnly Day, double? Share);

/// <summary>Agent share per day for one step, or for the whole workflow.</summary>
public sealed record ShareSeries(string Name, IReadOnlyList<SharePoint> Points);

public sealed record StepLabel(string Key, string Name);

public sealed record AgentLabel(string Key, string Name, string ModelVersion);

/// <summary>Everything the outcome dashboard shows for one workflow and period.</summary>
public sealed record OutcomeDashboard(string WorkflowKey, DateOnly From, DateOnly To, int OpenCases, IReadOnlyList<DashboardDay> Days,
    int? P50Minutes, int? P90Minutes, Proportion Quality, Proportion Escalation, Proportion Sla, IReadOnlyList<StepFigures> Steps,
    IReadOnlyList<AgentFigures> Agents, IReadOnlyList<ShareSeries> AgentShare, decimal OutcomePrice)
{
    public int Outcomes => Days.Sum(d => d.Outcomes);
    public CostSplit Cost => new(Days.Sum(d => d.Cost.Human), Days.Sum(d => d.Cost.Agent), Days.Sum(d => d.Cost.Review));
    public decimal Revenue => Days.Sum(d => d.Revenue);
    public CostSplit CostPerOutcome => Cost.Per(Outcomes);
    public decimal? PricePerOutcome => Outcomes == 0 ? null : Revenue / Outcomes;
    public decimal? MarginPerOutcome => Outcomes == 0 ? null : (Revenue - Cost.Total) / Outcomes;
    public Proportion AgentShareOfTasks => Proportion.Of(Days.Sum(d => d.AgentStepTasks), Days.Sum(d => d.StepTasks));

    /// <summary>Builds the dashboard from rollup facts (stored, or computed from raw rows: both give the same figures).</summary>
    public static OutcomeDashboard Compose(string workflowKey, DateOnly from, DateOnly to, int openCases, RollupChanges facts,
        IReadOnlyList<StepLabel> steps, IReadOnlyList<AgentLabel> agents, decimal outcomePrice)
    {
        var outcomes = facts.Outcomes.Where(f => f.Key.WorkflowKey == workflowKey && f.Key.Day >= from && f.Key.Day <= to).ToList();
        var work = facts.Steps.Where(f => f.Key.WorkflowKey == workflowKey && f.Key.Day >= from && f.Key.Day <= to).ToList();
        var dayCount = to.DayNumber - from.DayNumber + 1;
        var allDays = Enumerable.Range(0, Math.Max(0, dayCount)).Select(from.AddDays).ToList();

        var byDay = outcomes.GroupBy(f => f.Key.Day).ToDictionary(g => g.Key, g => g.Aggregate(default(OutcomeMeasures), (a, f) => a + f.Value));
        var days = allDays.Select(d => byDay.GetValueOrDefault(d)).Zip(allDays, (m, d) => new DashboardDay(d, m.Outcomes,
            new(Money.FromMicros(m.HumanCostMicros), Money.FromMicros(m.AgentCostMicros), Money.FromMicros(m.ReviewCostMicros)),
            Money.FromMicros(m.RevenueMicros), m.StepTasks, m.AgentStepTasks)).ToList();
        var histogram = outcomes.GroupBy(f => f.Key.DurationBucket).Select(g => KeyValuePair.Create(g.Key, g.Sum(f => f.Value.Outcomes)));
        var total = outcomes.Sum(f => f.Value.Outcomes);

        var completedSteps = work.Where(f => f.Key.Kind == TaskKind.Step && f.Key.Status == WorkTaskStatus.Completed).ToList();
        var reviews = work.Where(f => f.Key.Kind == TaskKind.Review).ToList();
        var completed = work.Where(f => f.Key.Status == WorkTaskStatus.Completed).ToList();
        var stepCosts = work.GroupBy(f => f.Key.StepKey).ToDictionary(g => g.Key, g => g.Sum(f => f.Value.HumanCostMicros + f.Value.AgentCostMicros));
        var allStepCost = Math.Max(1, stepCosts.Values.Sum());

        var stepFigures = steps.Concat(work.Select(f => f.Key.StepKey).Distinct().Where(k => steps.All(s => s.Key != k)).Select(k => new StepLabel(k, k)))
            .Select(s =>
            {
                var mine = work.Where(f => f.Key.StepKey == s.Key).ToList();
                var done = mine.Where(f => f.Key.Kind == TaskKind.Step && f.Key.Status == WorkTaskStatus.Completed).ToList();
                var cost = new CostSplit(Money.FromMicros(mine.Where(f => f.Key.Kind == TaskKind.Step).Sum(f => f.Value.HumanCostMicros)),
                    Money.FromMicros(mine.Sum(f => f.Value.AgentCostMicros)),
                    Money.FromMicros(mine.Where(f => f.Key.Kind == TaskKind.Review).Sum(f => f.Value.HumanCostMicros)));
                return new StepFigures(s.Key, s.Name, done.Sum(f => f.Value.Tasks), done.Where(f => f.Key.Route == TaskRoute.Agent).Sum(f => f.Value.Tasks),
                    done.Sum(f => f.Value.Escalated), done.Sum(f => f.Value.WithinSla), mine.Sum(f => f.Value.Passed), mine.Sum(f => f.Value.Failed), cost,
                    done.Where(f => f.Key.Route == TaskRoute.Human).Sum(f => f.Value.HandleMillis) / 3_600_000.0,
                    total == 0 ? 0 : cost.Total / total, (double)stepCosts.GetValueOrDefault(s.Key) / allStepCost);
            }).ToList();

        var agentKeys = work.Select(f => f.Key.AgentKey).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal);
        var agentFigures = agentKeys.Select(k =>
        {
            var label = agents.FirstOrDefault(a => a.Key == k) ?? new AgentLabel(k, k, "");
            var mine = work.Where(f => f.Key.AgentKey == k).ToList();
            var steps = mine.Where(f => f.Key.Kind == TaskKind.Step).ToList();
            return new AgentFigures(k, label.Name, label.ModelVersion,
                steps.Where(f => f.Key.Status == WorkTaskStatus.Completed && f.Key.Route == TaskRoute.Agent).Sum(f => f.Value.Tasks),
                steps.Where(f => f.Key.Route == TaskRoute.Human).Sum(f => f.Value.Escalated),
                mine.Sum(f => f.Value.Passed), mine.Sum(f => f.Value.Failed), Money.FromMicros(steps.Sum(f => f.Value.AgentCostMicros)));
        }).ToList();

        var series = new List<ShareSeries> { Series("Workflow", completedSteps, allDays) };
        series.AddRange(stepFigures.Where(s => s.Completed > 0).Select(s => Series(s.StepName, completedSteps.Where(f => f.Key.StepKey == s.StepKey), allDays)));

        return new OutcomeDashboard(workflowKey, from, to, openCases, days,
            OutcomeDurations.Percentile(histogram, 0.5), OutcomeDurations.Percentile(histogram, 0.9),
            Proportion.Of(reviews.Sum(f => f.Value.Passed), reviews.Sum(f => f.Value.Passed + f.Value.Failed)),
            Proportion.Of(completedSteps.Sum(f => f.Value.Escalated), completedSteps.Sum(f => f.Value.Tasks)),
            Proportion.Of(completed.Sum(f => f.Value.WithinSla), completed.Sum(f => f.Value.Tasks)),
            stepFigures, agentFigures, series, outcomePrice);
    }

    private static ShareSeries Series(string name, IEnumerable<KeyValuePair<StepFactKey, StepMeasures>> completedSteps, IReadOnlyList<DateOnly> days)
    {
        var byDay = completedSteps.GroupBy(f => f.Key.Day).ToDictionary(g => g.Key,
            g => (All: g.Sum(f => f.Value.Tasks), Agent: g.Where(f => f.Key.Route == TaskRoute.Agent).Sum(f => f.Value.Tasks)));
        return new ShareSeries(name, [.. days.Select(d => new SharePoint(d,
            byDay.TryGetValue(d, out var c) && c.All > 0 ? (double)c.Agent / c.All : null))]);
    }
}
