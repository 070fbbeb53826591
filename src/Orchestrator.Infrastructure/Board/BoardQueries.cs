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

public sealed record AgentLoad(string Key, string Name, AgentKind Kind, AgentStatus Status, int Running, int Queued, int MaxConcurrency,
    int Completed, int Escalated)
{
    public double? EscalationRate => Completed + Escalated == 0 ? null : (double)Escalated / (Completed + Escalated);
}

public sealed record BoardSnapshot(IReadOnlyList<StepBoardRow> Steps, IReadOnlyList<HumanLoad> Humans, IReadOnlyList<AgentLoad> Agents, DateTime At);

/// <summary>The live board's figures, per workflow and step, and the workforce beside them.</summary>
public sealed class BoardQueries(IDbContextFactory<OrchestratorDbContext> contexts, WorkOptions options, TimeProvider clock)
{
    public async Task<BoardSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hourAgo = now.AddHours(-1);
        await using var db = await contexts.CreateDbContextAsync(ct);

        // Counted in the database, grouped by step and status: the board never loads open tasks one by one.
        var open = await db.Tasks.AsNoTracking()
            .Where(t => t.Kind == TaskKind.Step && (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Running || t.Status == WorkTaskStatus.Escalated))
            .GroupBy(t => new { t.WorkflowKey, t.StepKey, t.Status })
            .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, g.Key.Status, Count = g.Count(), Late = g.Count(t => t.SlaDueAt <= now), Oldest = g.Min(t => t.CreatedAt) })
            .ToListAsync(ct);
        var dayAgo = now.AddDays(-1);
        var done = await db.Tasks.AsNoTracking()
            .Where(t => t.Kind == TaskKind.Step && t.Status == WorkTaskStatus.Completed && t.CompletedAt >= dayAgo)
            .GroupBy(t => new { t.WorkflowKey, t.StepKey })
            .Select(g => new
            {
                g.Key.WorkflowKey, g.Key.StepKey, Completed = g.Count(), Agent = g.Count(t => t.Route == TaskRoute.Agent),
                LastHour = g.Count(t => t.CompletedAt >= hourAgo), AgentLastHour = g.Count(t => t.CompletedAt >= hourAgo && t.Route == TaskRoute.Agent),
            })
            .ToListAsync(ct);
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

        var rows = latest.Select(s =>
        {
            var routed = recent[(s.Workflow, s.Step.Key)];
            var mine = open.Where(t => t.WorkflowKey == s.Workflow && t.StepKey == s.Step.Key).ToList();
            var d = done.FirstOrDefault(x => x.WorkflowKey == s.Workflow && x.StepKey == s.Step.Key);
            var waiting = mine.Where(t => t.Status is WorkTaskStatus.Queued or WorkTaskStatus.Escalated).ToList();
            int Of(WorkTaskStatus status) => mine.Where(t => t.Status == status).Sum(t => t.Count);
            return new StepBoardRow(s.Workflow, s.Step.Key, s.Step.Name, s.Step.Kind, s.Step.Staffing,
                Of(WorkTaskStatus.Queued), Of(WorkTaskStatus.Claimed), Of(WorkTaskStatus.Running), Of(WorkTaskStatus.Escalated),
                atRisk[(s.Workflow, s.Step.Key)], mine.Sum(t => t.Late),
                waiting.Count == 0 ? null : waiting.Min(t => t.Oldest),
                d?.LastHour ?? 0, d?.AgentLastHour ?? 0, d?.Completed ?? 0, d?.Agent ?? 0, routed.Count, routed.Count(a => a));
        }).ToList();

        var held = await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Claimed && t.AssigneeId != null)
            .GroupBy(t => t.AssigneeId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var humans = (await db.Workers.AsNoTracking().OrderBy(w => w.DisplayName).ToListAsync(ct))
            .Select(w => new HumanLoad(w.UserId, w.DisplayName, held.GetValueOrDefault(w.UserId), w.Capacity, w.Availability, w.IsTrainee, w.IsSimulated, w.Skills))
            .ToList();

        var agentTasks = await db.Tasks.AsNoTracking().Where(t => t.AgentProfileKey != null && t.Kind == TaskKind.Step)
            .GroupBy(t => t.AgentProfileKey!)
            .Select(g => new
            {
                g.Key,
                Running = g.Count(t => t.Status == WorkTaskStatus.Running),
                Queued = g.Count(t => t.Status == WorkTaskStatus.Queued && t.Route == TaskRoute.Agent),
                Completed = g.Count(t => t.Status == WorkTaskStatus.Completed && t.Route == TaskRoute.Agent),
                Escalated = g.Count(t => t.WasEscalated),
            })
            .ToDictionaryAsync(x => x.Key, ct);
        var agents = (await db.AgentProfiles.AsNoTracking().OrderBy(a => a.Key).ToListAsync(ct))
            .Select(a =>
            {
                var t = agentTasks.GetValueOrDefault(a.Key);
                return new AgentLoad(a.Key, a.Name, a.Kind, a.Status, t?.Running ?? 0, t?.Queued ?? 0, a.MaxConcurrency, t?.Completed ?? 0, t?.Escalated ?? 0);
            })
            .ToList();
        return new BoardSnapshot(rows, humans, agents, now);
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
