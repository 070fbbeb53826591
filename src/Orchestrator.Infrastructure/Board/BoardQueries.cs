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

public sealed record BoardSnapshot(IReadOnlyList<StepBoardRow> Steps, IReadOnlyList<HumanLoad> Humans, IReadOnlyList<AgentLoad> Agents, DateTime At);

/// <summary>The live board's figures, per workflow and step, and the workforce beside them.</summary>
public sealed class BoardQueries(IDbContextFactory<OrchestratorDbContext> contexts, WorkOptions options, TimeProvider clock)
{
    /// <summary>
    /// A handful of set-based queries, each walking an index over open tasks or the last day's completions, never the
    /// whole history and never one query per task; per step, only the at-risk count and the last routed tasks are read.
    /// </summary>
    public async Task<BoardSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hourAgo = now.AddHours(-1);
        var dayAgo = now.AddDays(-1);
        // The big aggregates run side by side, each on a connection of its own (readers do not block each other).
        var openQuery = OnOwnContextAsync(db => db.Tasks.AsNoTracking()
            .Where(t => (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Running || t.Status == WorkTaskStatus.Escalated)
                        && t.Kind == TaskKind.Step)
            .GroupBy(t => new { t.Status, t.WorkflowKey, t.StepKey, t.Route, t.AgentProfileKey })
            .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, g.Key.Status, g.Key.Route, g.Key.AgentProfileKey, Count = g.Count(), Late = g.Count(t => t.SlaDueAt <= now), Oldest = g.Min(t => t.CreatedAt) })
            .ToListAsync(ct), ct);
        // The last day's completions, by step and by who did them: the steps' throughput and the agents' rates.
        var doneQuery = OnOwnContextAsync(db => db.Tasks.AsNoTracking()
            .Where(t => t.Status == WorkTaskStatus.Completed && t.CompletedAt >= dayAgo && t.Kind == TaskKind.Step)
            .GroupBy(t => new { t.WorkflowKey, t.StepKey, t.Route, t.AgentProfileKey, t.WasEscalated })
            .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, g.Key.Route, g.Key.AgentProfileKey, g.Key.WasEscalated, Count = g.Count(), LastHour = g.Count(t => t.CompletedAt >= hourAgo) })
            .ToListAsync(ct), ct);
        var heldQuery = OnOwnContextAsync(db => db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Claimed && t.AssigneeId != null)
            .GroupBy(t => t.AssigneeId!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct), ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var latest = await LatestStepsAsync(db, ct);

        var recent = new Dictionary<(string, string), List<bool>>();
        var atRisk = new Dictionary<(string, string), int>();
        foreach (var (workflow, step) in latest)
        {
            recent[(workflow, step.Key)] = await db.Tasks.AsNoTracking()
                .Where(t => t.WorkflowKey == workflow && t.StepKey == step.Key && t.Kind == TaskKind.Step)
                .OrderByDescending(t => t.CreatedAt).Take(StepBoardRow.RecentWindow)
                .Select(t => t.AgentProfileKey != null).ToListAsync(ct);
            // "At risk": less than the at-risk share of the step's SLA is left.
            var riskFrom = now.AddMinutes(step.SlaMinutes * options.SlaAtRiskShare);
            atRisk[(workflow, step.Key)] = await db.Tasks.CountAsync(t => t.WorkflowKey == workflow && t.StepKey == step.Key && t.Kind == TaskKind.Step
                && (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Running || t.Status == WorkTaskStatus.Escalated)
                && t.SlaDueAt > now && t.SlaDueAt < riskFrom, ct);
        }

        var open = await openQuery;
        var done = await doneQuery;
        var openByStep = open.ToLookup(t => (t.WorkflowKey, t.StepKey));
        var doneByStep = done.ToLookup(t => (t.WorkflowKey, t.StepKey));
        var rows = latest.Select(s =>
        {
            var routed = recent[(s.Workflow, s.Step.Key)];
            var mine = openByStep[(s.Workflow, s.Step.Key)].ToList();
            var d = doneByStep[(s.Workflow, s.Step.Key)].ToList();
            var waiting = mine.Where(t => t.Status is WorkTaskStatus.Queued or WorkTaskStatus.Escalated).ToList();
            int Of(WorkTaskStatus status) => mine.Where(t => t.Status == status).Sum(t => t.Count);
            var byAgents = d.Where(x => x.Route == TaskRoute.Agent).ToList();
            return new StepBoardRow(s.Workflow, s.Step.Key, s.Step.Name, s.Step.Kind, s.Step.Staffing,
                Of(WorkTaskStatus.Queued), Of(WorkTaskStatus.Claimed), Of(WorkTaskStatus.Running), Of(WorkTaskStatus.Escalated),
                atRisk[(s.Workflow, s.Step.Key)], mine.Sum(t => t.Late),
                waiting.Count == 0 ? null : waiting.Min(t => t.Oldest),
                d.Sum(x => x.LastHour), byAgents.Sum(x => x.LastHour), d.Sum(x => x.Count), byAgents.Sum(x => x.Count), routed.Count, routed.Count(a => a));
        }).ToList();

        var held = (await heldQuery).ToDictionary(x => x.Key, x => x.Count);
        var humans = (await db.Workers.AsNoTracking().OrderBy(w => w.DisplayName).ToListAsync(ct))
            .Select(w => new HumanLoad(w.UserId, w.DisplayName, held.GetValueOrDefault(w.UserId), w.Capacity, w.Availability, w.IsTrainee, w.IsSimulated, w.Skills))
            .ToList();

        var agentOpen = open.Where(t => t.AgentProfileKey is not null && t.Route == TaskRoute.Agent).ToLookup(t => t.AgentProfileKey!);
        var agentDone = done.Where(x => x.AgentProfileKey is not null).ToLookup(x => x.AgentProfileKey!);
        var agents = (await db.AgentProfiles.AsNoTracking().OrderBy(a => a.Key).ToListAsync(ct))
            .Select(a =>
            {
                int Open(WorkTaskStatus status) => agentOpen[a.Key].Where(x => x.Status == status).Sum(x => x.Count);
                var finished = agentDone[a.Key].ToList();
                return new AgentLoad(a.Key, a.Name, a.Kind, a.Status, Open(WorkTaskStatus.Running), Open(WorkTaskStatus.Queued), a.MaxConcurrency,
                    finished.Where(x => x.Route == TaskRoute.Agent).Sum(x => x.Count), finished.Where(x => x.WasEscalated).Sum(x => x.Count));
            })
            .ToList();
        return new BoardSnapshot(rows, humans, agents, now);
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
