using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Economics;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Outcomes;

/// <summary>
/// The automation advisor's answer for one step, with the measured inputs (and which of them are estimates), the step's
/// volume for what-ifs, and — when humans are kept against the advice — what that costs a month.
/// </summary>
public sealed record StepAdvice(string StepKey, string StepName, StaffingPolicy Current, int CurrentShare, Advice Advice, StepVolume Volume,
    IReadOnlyList<string> Notes, decimal MonthlyCostOfKeeping)
{
    public bool KeptAgainstAdvice => Current.KeepsHumans && CurrentShare < Advice.Recommended.AgentShare && MonthlyCostOfKeeping > 0;
}

/// <summary>Outcome dashboard and advisor figures, read from the rollups (or, for comparison, aggregated from raw rows).</summary>
public sealed class OutcomeQueries(IDbContextFactory<OrchestratorDbContext> contexts, WorkflowCatalog catalog)
{
    /// <summary>The advisor measures over this many days before today.</summary>
    public const int AdvisorDays = 30;

    public async Task<IReadOnlyList<string>> WorkflowKeysAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Workflows.AsNoTracking().OrderBy(w => w.Key).Select(w => w.Key).ToListAsync(ct);
    }

    /// <summary>The dashboard for days <paramref name="from"/>–<paramref name="to"/> (UTC, inclusive).</summary>
    public async Task<OutcomeDashboard> DashboardAsync(string workflowKey, DateOnly from, DateOnly to, bool fromRawRows = false, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var facts = fromRawRows ? await RawRollups.ComputeAsync(db, workflowKey, from, to, ct) : await RawRollups.StoredAsync(db, workflowKey, from, to, ct);
        // Filter on status alone so SQLite walks the status index (open cases are few) instead of every case of the workflow.
        var open = (await db.Cases.Where(c => c.Status == CaseStatus.Open).GroupBy(c => c.WorkflowKey)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).FirstOrDefault(g => g.Key == workflowKey)?.Count ?? 0;
        var (steps, agents, price) = await LabelsAsync(db, workflowKey, ct);
        return OutcomeDashboard.Compose(workflowKey, from, to, open, facts, steps, agents, price);
    }

    /// <summary>
    /// The outcome figures per bucket of days (a day, or a week from Monday) over <paramref name="from"/>–<paramref name="to"/>,
    /// each bucket clipped to that range: the dashboard's figures, read once from the rollups and cut into buckets.
    /// Null when no workflow has the key.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeDashboard>?> BucketsAsync(string workflowKey, DateOnly from, DateOnly to, OutcomeBucket bucket, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Workflows.AnyAsync(w => w.Key == workflowKey, ct)) return null;
        var facts = await RawRollups.StoredAsync(db, workflowKey, from, to, ct);
        var (steps, agents, price) = await LabelsAsync(db, workflowKey, ct);
        var buckets = new List<OutcomeDashboard>();
        for (var start = bucket.StartOf(from); start <= to; start = bucket.Next(start))
        {
            var end = bucket.Next(start).AddDays(-1);
            buckets.Add(OutcomeDashboard.Compose(workflowKey, start < from ? from : start, end > to ? to : end, 0, facts, steps, agents, price));
        }
        return buckets;
    }

    /// <summary>Advice for every step of the workflow's published version, measured over the last <see cref="AdvisorDays"/> days.</summary>
    public async Task<IReadOnlyList<StepAdvice>> AdvisorAsync(string workflowKey, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (steps, _) = await StepsAsync(db, workflowKey, ct);
        if (steps.Count == 0) return [];
        var from = today.AddDays(-AdvisorDays + 1);
        var facts = await RawRollups.StoredAsync(db, workflowKey, from, today, ct);
        var outcomes = facts.Outcomes.Values.Aggregate(default(OutcomeMeasures), (a, m) => a + m);
        var overrides = await StepPolicies.AllAsync(db, ct);
        var people = facts.Steps.Where(f => f.Key.Kind == TaskKind.Step && f.Key.Status == WorkTaskStatus.Completed && f.Key.Route == TaskRoute.Human)
            .Aggregate(default(StepMeasures), (a, f) => a + f.Value);
        var workflowHumanCost = people.Tasks == 0 ? 0m : Money.FromMicros(people.HumanCostMicros) / people.Tasks;
        var agentCosts = await db.AgentProfiles.AsNoTracking().ToDictionaryAsync(a => a.Key, a => a.CostPerCall, ct);
        var champions = await db.ModelVersions.AsNoTracking().Where(v => v.WorkflowKey == workflowKey && v.Status == ModelVersionStatus.Champion).ToListAsync(ct);
        return [.. steps.Select(s =>
        {
            var current = overrides.GetValueOrDefault((workflowKey, s.Key)) ?? s.Staffing;
            var champion = champions.Where(v => v.StepKey == s.Key && current.AllowedAgents.Contains(v.ProfileKey)).MaxBy(v => v.PromotedAt);
            return Advise(s, current, [.. facts.Steps.Where(f => f.Key.StepKey == s.Key)], outcomes, agentCosts, workflowHumanCost, champion);
        })];
    }

    /// <summary>What the dashboard names its figures by: the published steps, the agent profiles, and the outcome's price.</summary>
    private async Task<(IReadOnlyList<StepLabel> Steps, IReadOnlyList<AgentLabel> Agents, decimal Price)> LabelsAsync(OrchestratorDbContext db, string workflowKey, CancellationToken ct)
    {
        var (steps, price) = await StepsAsync(db, workflowKey, ct);
        var agents = await db.AgentProfiles.AsNoTracking().Select(a => new AgentLabel(a.Key, a.Name, a.ModelVersion)).ToListAsync(ct);
        return ([.. steps.Select(s => new StepLabel(s.Key, s.Name))], agents, price);
    }

    private async Task<(IReadOnlyList<StepDefinition> Steps, decimal Price)> StepsAsync(OrchestratorDbContext db, string workflowKey, CancellationToken ct)
    {
        var published = await catalog.LatestPublishedAsync(db, workflowKey, ct);
        return published is { } p ? (p.Version.Steps, p.Version.OutcomePrice) : ([], 0m);
    }

    /// <summary>
    /// At a step a learning agent works, accuracy is its champion model's on the answers it would give at the step's
    /// confidence threshold, measured on held-out examples it never saw (the advisor takes the lower bound of its
    /// interval); elsewhere it is the reviewed agent outputs' pass rate.
    /// </summary>
    private static StepAdvice Advise(StepDefinition step, StaffingPolicy current, IReadOnlyList<KeyValuePair<StepFactKey, StepMeasures>> work,
        OutcomeMeasures outcomes, IReadOnlyDictionary<string, decimal> agentCosts, decimal workflowHumanCost, ModelVersion? champion)
    {
        var notes = new List<string>();
        StepMeasures Sum(Func<StepFactKey, bool> where) => work.Where(f => where(f.Key)).Aggregate(default(StepMeasures), (a, f) => a + f.Value);
        var human = Sum(k => k.Kind == TaskKind.Step && k.Status == WorkTaskStatus.Completed && k.Route == TaskRoute.Human);
        var agent = Sum(k => k.Kind == TaskKind.Step && k.Status == WorkTaskStatus.Completed && k.Route == TaskRoute.Agent);
        var reviews = Sum(k => k.Kind == TaskKind.Review && k.Status == WorkTaskStatus.Completed);
        var all = Sum(k => true);

        var humanCost = human.Tasks > 0 ? Money.FromMicros(human.HumanCostMicros) / human.Tasks : workflowHumanCost;
        if (human.Tasks == 0) notes.Add("No human work measured on this step: human cost is the workflow's average human task.");
        var agentCost = agent.Tasks > 0 ? Money.FromMicros(agent.AgentCostMicros) / agent.Tasks
            : current.AllowedAgents.Select(a => agentCosts.GetValueOrDefault(a)).DefaultIfEmpty(0m).Max();
        if (agent.Tasks == 0) notes.Add("No agent work measured: agent cost is the allowed agents' cost per call.");
        var reviewCost = reviews.Tasks > 0 ? Money.FromMicros(reviews.HumanCostMicros) / reviews.Tasks : humanCost;
        if (reviews.Tasks == 0) notes.Add("No reviews measured: a review is taken to cost as much as doing the task by hand.");
        var accuracy = champion?.AnsweredInterval(current.ConfidenceThreshold) ?? Proportion.Of(reviews.Passed, reviews.Passed + reviews.Failed);
        if (champion is not null)
            notes.Add($"Accuracy is learning agent {champion.ProfileKey}'s champion v{champion.Number} on the answers it gives at the step's confidence threshold " +
                      $"({current.ConfidenceThreshold:0.00}; below it people answer): {accuracy.Successes} of {accuracy.Trials} held-out answers right, lower bound {accuracy.Low:P1}.");
        else if (!accuracy.IsMeasured) notes.Add("No reviewed agent outputs: accuracy's lower bound is 0, so every agent output counts as an error.");

        var stepTasks = human.Tasks + agent.Tasks;
        var inputs = new AdvisorInputs(decimal.Round(humanCost, 4), decimal.Round(agentCost, 4), decimal.Round(reviewCost, 4), accuracy, step.CostOfError,
            step.Quality.SampleRate, stepTasks * 30.0 / AdvisorDays);
        var advice = AutomationAdvisor.Advise(inputs);
        var share = current.Mode switch { StaffingMode.Human => 0, StaffingMode.Agent => 100, _ => current.AgentShare };
        var volume = new StepVolume(stepTasks * 7.0 / AdvisorDays, outcomes.Outcomes == 0 ? 1 : (double)stepTasks / outcomes.Outcomes,
            human.Tasks == 0 ? 0 : human.HandleMillis / 3_600_000.0 / human.Tasks, reviews.Tasks == 0 ? 0 : reviews.HandleMillis / 3_600_000.0 / reviews.Tasks,
            outcomes.Outcomes == 0 ? 0 : Money.FromMicros(all.HumanCostMicros + all.AgentCostMicros) / outcomes.Outcomes,
            outcomes.Outcomes == 0 ? 0 : Money.FromMicros(outcomes.HumanCostMicros + outcomes.AgentCostMicros + outcomes.ReviewCostMicros) / outcomes.Outcomes);
        return new StepAdvice(step.Key, step.Name, current, share, advice, volume, notes,
            AutomationAdvisor.MonthlyCostOfKeeping(advice, share, current.Oversight));
    }
}
