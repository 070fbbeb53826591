using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Outcomes;

public sealed record OutcomeDay(DateOnly Day, int Outcomes, decimal HumanCost, decimal AgentCost, decimal ReviewCost, decimal Revenue, int Tasks, int AgentTasks)
{
    public decimal CostPerOutcome => Outcomes == 0 ? 0 : (HumanCost + AgentCost + ReviewCost) / Outcomes;
    public decimal MarginPerOutcome => Outcomes == 0 ? 0 : (Revenue - HumanCost - AgentCost - ReviewCost) / Outcomes;
    public double? AgentShare => Tasks == 0 ? null : (double)AgentTasks / Tasks;
}

public sealed record OutcomeSummary(string WorkflowKey, DateTime From, DateTime To, IReadOnlyList<OutcomeDay> Days, int OpenCases, double? MedianHoursToOutcome)
{
    public int Outcomes => Days.Sum(d => d.Outcomes);
    public decimal Cost => Days.Sum(d => d.HumanCost + d.AgentCost + d.ReviewCost);
    public decimal CostPerOutcome => Outcomes == 0 ? 0 : Cost / Outcomes;
    public decimal MarginPerOutcome => Outcomes == 0 ? 0 : (Days.Sum(d => d.Revenue) - Cost) / Outcomes;
    public double? AgentShare => Days.Sum(d => d.Tasks) == 0 ? null : (double)Days.Sum(d => d.AgentTasks) / Days.Sum(d => d.Tasks);
}

/// <summary>
/// Outcome figures for a workflow and period, aggregated from completed cases. (The dashboards issue replaces the raw
/// aggregation with rollups kept current as tasks complete.)
/// </summary>
public sealed class OutcomeQueries(IDbContextFactory<OrchestratorDbContext> contexts)
{
    public async Task<IReadOnlyList<string>> WorkflowKeysAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Workflows.AsNoTracking().OrderBy(w => w.Key).Select(w => w.Key).ToListAsync(ct);
    }

    public async Task<OutcomeSummary> SummaryAsync(string workflowKey, DateTime from, DateTime to, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.WorkflowKey == workflowKey && c.Status == CaseStatus.Completed && c.CompletedAt >= from && c.CompletedAt < to)
            .Select(c => new { c.CreatedAt, CompletedAt = c.CompletedAt!.Value, c.HumanCost, c.AgentCost, c.ReviewCost, c.OutcomePrice, c.TasksCompleted, c.AgentTasksCompleted })
            .ToListAsync(ct);
        var open = await db.Cases.CountAsync(c => c.WorkflowKey == workflowKey && c.Status == CaseStatus.Open, ct);
        var days = cases.GroupBy(c => DateOnly.FromDateTime(c.CompletedAt))
            .Select(g => new OutcomeDay(g.Key, g.Count(), g.Sum(c => c.HumanCost), g.Sum(c => c.AgentCost), g.Sum(c => c.ReviewCost), g.Sum(c => c.OutcomePrice),
                g.Sum(c => c.TasksCompleted), g.Sum(c => c.AgentTasksCompleted)))
            .OrderBy(d => d.Day).ToList();
        var hours = cases.Select(c => (c.CompletedAt - c.CreatedAt).TotalHours).Order().ToList();
        return new OutcomeSummary(workflowKey, from, to, days, open, hours.Count == 0 ? null : hours[hours.Count / 2]);
    }
}
