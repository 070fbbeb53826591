using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Board;

public sealed record StepBoardRow(string WorkflowKey, string StepKey, string StepName, WorkKind Kind, StaffingPolicy Staffing,
    int Queued, int ClaimedByHumans, int RunningOnAgents, int Escalated, int AtRisk, int Breached, DateTime? OldestWaiting,
    int CompletedLastHour, int AgentCompletedLastHour, int Completed, int AgentCompleted, int RecentRouted, int RecentToAgents)
{
    public const int RecentWindow = 100;

    public StaffingMode Mode => Staffing.Mode;
    public int TargetShare => Staffing.Mode switch { StaffingMode.Agent => 100, StaffingMode.Human => 0, _ => Staffing.AgentShare };

    /// <summary>Share of the last <see cref="RecentWindow"/> routed tasks that went to agents, in percent: what the dial moves.</summary>
    public double? RoutedShare => RecentRouted == 0 ? null : 100.0 * RecentToAgents / RecentRouted;

    /// <summary>Share of the last day's completed tasks that agents completed, in percent: the economic figure.</summary>
    public double? CompletedShare => Completed == 0 ? null : 100.0 * AgentCompleted / Completed;
}

public sealed record HumanLoad(string UserId, string Name, int Held, int Capacity, Availability Availability, bool IsTrainee, bool IsSimulated, string Skills);

/// <summary>An agent profile's load now, and its completions and escalations among the last day's finished tasks.</summary>
public sealed record AgentLoad(string Key, string Name, AgentKind Kind, AgentStatus Status, int Running, int Queued, int MaxConcurrency,
    int Completed, int Escalated)
{
    public double? EscalationRate => Completed + Escalated == 0 ? null : (double)Escalated / (Completed + Escalated);
}

public sealed record BoardSnapshot(IReadOnlyList<StepBoardRow> Steps, IReadOnlyList<HumanLoad> Humans, IReadOnlyList<AgentLoad> Agents, DateTime At)
{
    /// <summary>The figures the rows were made from, per step: a refresh re-reads only the steps that changed.</summary>
    internal IReadOnlyDictionary<(string Workflow, string Step), StepFigures> Figures { get; init; } = new Dictionary<(string, string), StepFigures>();

    /// <summary>When every step's figures were last read (the kept steps' late and at-risk counts are as of then).</summary>
    internal DateTime FiguresAt { get; init; }
}

/// <summary>One step's open tasks and last day's completions, grouped as the board needs them, its last routed tasks and at-risk count.</summary>
internal sealed record StepFigures(IReadOnlyList<BoardQueries.OpenGroup> Open, IReadOnlyList<BoardQueries.DoneGroup> Done, IReadOnlyList<bool> RecentToAgents, int AtRisk);

/// <summary>The live board's figures, per workflow and step, and the workforce beside them.</summary>
public sealed class BoardQueries(IDbContextFactory<OrchestratorDbContext> contexts, WorkOptions options, TimeProvider clock)
{
    /// <summary>A refresh older than this re-reads every step: "at risk", "late" and "last hour" move with the clock.</summary>
    public static readonly TimeSpan FullRefreshAfter = TimeSpan.FromSeconds(15);

    internal sealed record OpenGroup(string WorkflowKey, string StepKey, WorkTaskStatus Status, TaskRoute Route, string? AgentProfileKey, int Count, int Late, DateTime Oldest);
    internal sealed record DoneGroup(string WorkflowKey, string StepKey, TaskRoute Route, string? AgentProfileKey, bool WasEscalated, int Count, int LastHour);

    /// <summary>
    /// A handful of set-based queries, each walking an index over open tasks or the last day's completions, never the
    /// whole history and never one query per task; per step, only the at-risk count and the last routed tasks are read.
    /// </summary>
    public Task<BoardSnapshot> SnapshotAsync(CancellationToken ct = default) => RefreshAsync(null, [], ct);

    /// <summary>
    /// The board after changes to the given steps: only their figures are read again (a handful of small queries on
    /// the indexes' step prefixes), the other steps' are kept from <paramref name="previous"/>; the workforce, the
    /// steps' policies and the agents' totals are always current. Falls back to a whole snapshot when there is no
    /// previous one, it is older than <see cref="FullRefreshAfter"/>, or the published steps changed.
    /// </summary>
    public async Task<BoardSnapshot> RefreshAsync(BoardSnapshot? previous, IReadOnlyCollection<(string Workflow, string Step)> changedSteps, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var heldQuery = OnOwnContextAsync(db => db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Claimed && t.AssigneeId != null)
            .GroupBy(t => t.AssigneeId!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct), ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var latest = await LatestStepsAsync(db, ct);
        var keys = latest.Select(s => (s.Workflow, s.Step.Key)).ToList();
        var whole = previous is null || now - previous.FiguresAt > FullRefreshAfter || !keys.ToHashSet().SetEquals(previous.Figures.Keys);

        Dictionary<(string, string), StepFigures> figures;
        if (whole) figures = await AllFiguresAsync(db, latest, now, ct);
        else
        {
            figures = new(previous!.Figures);
            foreach (var (workflow, step) in latest.Where(s => changedSteps.Contains((s.Workflow, s.Step.Key))))
                figures[(workflow, step.Key)] = await StepFiguresAsync(db, workflow, step, now, ct);
        }

        var rows = latest.Select(s => Row(s.Workflow, s.Step, figures[(s.Workflow, s.Step.Key)])).ToList();
        var held = (await heldQuery).ToDictionary(x => x.Key, x => x.Count);
        var humans = (await db.Workers.AsNoTracking().OrderBy(w => w.DisplayName).ToListAsync(ct))
            .Select(w => new HumanLoad(w.UserId, w.DisplayName, held.GetValueOrDefault(w.UserId), w.Capacity, w.Availability, w.IsTrainee, w.IsSimulated, w.Skills))
            .ToList();
        var agents = Agents(await db.AgentProfiles.AsNoTracking().OrderBy(a => a.Key).ToListAsync(ct), figures.Values);
        return new BoardSnapshot(rows, humans, agents, now) { Figures = figures, FiguresAt = whole ? now : previous!.FiguresAt };
    }

    /// <summary>The agents' load and last day's totals alone, as a snapshot has them: the two aggregates, none of the per-step reads.</summary>
    public async Task<IReadOnlyList<AgentLoad>> AgentsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var open = await OpenGroups(db, now, null).ToListAsync(ct);
        var done = await DoneGroups(db, now, null).ToListAsync(ct);
        return Agents(await db.AgentProfiles.AsNoTracking().OrderBy(a => a.Key).ToListAsync(ct), [new StepFigures(open, done, [], 0)]);
    }

    private static StepBoardRow Row(string workflow, StepDefinition step, StepFigures f)
    {
        var waiting = f.Open.Where(t => t.Status is WorkTaskStatus.Queued or WorkTaskStatus.Escalated).ToList();
        int Of(WorkTaskStatus status) => f.Open.Where(t => t.Status == status).Sum(t => t.Count);
        var byAgents = f.Done.Where(x => x.Route == TaskRoute.Agent).ToList();
        return new StepBoardRow(workflow, step.Key, step.Name, step.Kind, step.Staffing,
            Of(WorkTaskStatus.Queued), Of(WorkTaskStatus.Claimed), Of(WorkTaskStatus.Running), Of(WorkTaskStatus.Escalated),
            f.AtRisk, f.Open.Sum(t => t.Late), waiting.Count == 0 ? null : waiting.Min(t => t.Oldest),
            f.Done.Sum(x => x.LastHour), byAgents.Sum(x => x.LastHour), f.Done.Sum(x => x.Count), byAgents.Sum(x => x.Count),
            f.RecentToAgents.Count, f.RecentToAgents.Count(a => a));
    }

    private static List<AgentLoad> Agents(IEnumerable<AgentProfile> profiles, IEnumerable<StepFigures> figures)
    {
        var all = figures.ToList();
        var agentOpen = all.SelectMany(f => f.Open).Where(t => t.AgentProfileKey is not null && t.Route == TaskRoute.Agent).ToLookup(t => t.AgentProfileKey!);
        var agentDone = all.SelectMany(f => f.Done).Where(x => x.AgentProfileKey is not null).ToLookup(x => x.AgentProfileKey!);
        return profiles.Select(a =>
        {
            int Open(WorkTaskStatus status) => agentOpen[a.Key].Where(x => x.Status == status).Sum(x => x.Count);
            var finished = agentDone[a.Key].ToList();
            return new AgentLoad(a.Key, a.Name, a.Kind, a.Status, Open(WorkTaskStatus.Running), Open(WorkTaskStatus.Queued), a.MaxConcurrency,
                finished.Where(x => x.Route == TaskRoute.Agent).Sum(x => x.Count), finished.Where(x => x.WasEscalated).Sum(x => x.Count));
        }).ToList();
    }

    /// <summary>Every step's figures: the two big aggregates side by side, each on a connection of its own (readers do not block each other).</summary>
    private async Task<Dictionary<(string, string), StepFigures>> AllFiguresAsync(OrchestratorDbContext db, List<(string Workflow, StepDefinition Step)> latest, DateTime now, CancellationToken ct)
    {
        var openQuery = OnOwnContextAsync(other => OpenGroups(other, now, null).ToListAsync(ct), ct);
        var doneQuery = OnOwnContextAsync(other => DoneGroups(other, now, null).ToListAsync(ct), ct);
        var perStep = new Dictionary<(string, string), (List<bool> Recent, int AtRisk)>();
        foreach (var (workflow, step) in latest)
            perStep[(workflow, step.Key)] = (await RecentAsync(db, workflow, step.Key, ct), await AtRiskAsync(db, workflow, step, now, ct));
        var open = (await openQuery).ToLookup(t => (t.WorkflowKey, t.StepKey));
        var done = (await doneQuery).ToLookup(t => (t.WorkflowKey, t.StepKey));
        return latest.ToDictionary(s => (s.Workflow, s.Step.Key), s =>
        {
            var (recent, atRisk) = perStep[(s.Workflow, s.Step.Key)];
            return new StepFigures(open[(s.Workflow, s.Step.Key)].ToList(), done[(s.Workflow, s.Step.Key)].ToList(), recent, atRisk);
        });
    }

    private async Task<StepFigures> StepFiguresAsync(OrchestratorDbContext db, string workflow, StepDefinition step, DateTime now, CancellationToken ct) =>
        new(await OpenGroups(db, now, (workflow, step.Key)).ToListAsync(ct), await DoneGroups(db, now, (workflow, step.Key)).ToListAsync(ct),
            await RecentAsync(db, workflow, step.Key, ct), await AtRiskAsync(db, workflow, step, now, ct));

    private static IQueryable<WorkTask> OpenSteps(OrchestratorDbContext db) => db.Tasks.AsNoTracking()
        .Where(t => (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Running || t.Status == WorkTaskStatus.Escalated)
                    && t.Kind == TaskKind.Step);

    private static IQueryable<WorkTask> OfStep(IQueryable<WorkTask> tasks, (string Workflow, string Step)? step)
    {
        if (step is null) return tasks;
        var (workflow, key) = step.Value;
        return tasks.Where(t => t.WorkflowKey == workflow && t.StepKey == key);
    }

    /// <summary>Open tasks by status, step, route and agent, over the open-task index; the agents' in-flight counts come from these too.</summary>
    private static IQueryable<OpenGroup> OpenGroups(OrchestratorDbContext db, DateTime now, (string, string)? step) =>
        OfStep(OpenSteps(db), step)
            .GroupBy(t => new { t.Status, t.WorkflowKey, t.StepKey, t.Route, t.AgentProfileKey })
            .Select(g => new OpenGroup(g.Key.WorkflowKey, g.Key.StepKey, g.Key.Status, g.Key.Route, g.Key.AgentProfileKey, g.Count(), g.Count(t => t.SlaDueAt <= now), g.Min(t => t.CreatedAt)));

    /// <summary>The last day's completions, by step and by who did them: the steps' throughput and the agents' rates.</summary>
    private static IQueryable<DoneGroup> DoneGroups(OrchestratorDbContext db, DateTime now, (string, string)? step)
    {
        var hourAgo = now.AddHours(-1);
        var dayAgo = now.AddDays(-1);
        return OfStep(db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Completed && t.CompletedAt >= dayAgo && t.Kind == TaskKind.Step), step)
            .GroupBy(t => new { t.WorkflowKey, t.StepKey, t.Route, t.AgentProfileKey, t.WasEscalated })
            .Select(g => new DoneGroup(g.Key.WorkflowKey, g.Key.StepKey, g.Key.Route, g.Key.AgentProfileKey, g.Key.WasEscalated, g.Count(), g.Count(t => t.CompletedAt >= hourAgo)));
    }

    private static Task<List<bool>> RecentAsync(OrchestratorDbContext db, string workflow, string stepKey, CancellationToken ct) =>
        db.Tasks.AsNoTracking()
            .Where(t => t.WorkflowKey == workflow && t.StepKey == stepKey && t.Kind == TaskKind.Step)
            .OrderByDescending(t => t.CreatedAt).Take(StepBoardRow.RecentWindow)
            .Select(t => t.AgentProfileKey != null).ToListAsync(ct);

    /// <summary>"At risk": less than the at-risk share of the step's SLA is left.</summary>
    private Task<int> AtRiskAsync(OrchestratorDbContext db, string workflow, StepDefinition step, DateTime now, CancellationToken ct)
    {
        var riskFrom = now.AddMinutes(step.SlaMinutes * options.SlaAtRiskShare);
        return OfStep(OpenSteps(db), (workflow, step.Key)).CountAsync(t => t.SlaDueAt > now && t.SlaDueAt < riskFrom, ct);
    }

    private async Task<List<T>> OnOwnContextAsync<T>(Func<OrchestratorDbContext, Task<List<T>>> query, CancellationToken ct)
    {
        await Task.Yield(); // start the next query without waiting for this one's first round trip
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await query(db);
    }

    private static async Task<List<(string Workflow, StepDefinition Step)>> LatestStepsAsync(OrchestratorDbContext db, CancellationToken ct)
    {
        var workflows = await db.Workflows.AsNoTracking().OrderBy(w => w.Key).ToListAsync(ct);
        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.Status == VersionStatus.Published).ToListAsync(ct);
        var live = await StepPolicies.AllAsync(db, ct);
        return workflows
            .Select(w => (w.Key, v: versions.Where(v => v.WorkflowId == w.Id).MaxBy(v => v.Number)))
            .Where(x => x.v is not null)
            .SelectMany(x => x.v!.Steps.Select(s => (x.Key, live.TryGetValue((x.Key, s.Key), out var p) ? s with { Staffing = p } : s)))
            .ToList();
    }
}
