using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>Creates a step's task for a case and routes it by the step's staffing policy (see <see cref="Router"/>).</summary>
public static class TaskRouting
{
    public static async Task<WorkTask> CreateTaskAsync(OrchestratorDbContext db, WorkEffects effects, Case @case, WorkflowVersion version,
        StepDefinition step, System.Text.Json.Nodes.JsonObject input, DateTime now, CancellationToken ct = default)
    {
        step = await StepPolicies.EffectiveAsync(db, @case.WorkflowKey, step, ct);
        var state = await RoutingStateAsync(db, @case.WorkflowKey, step, ct);
        var agents = step.Staffing.Mode == StaffingMode.Human ? [] : await CandidatesAsync(db, await Quality.Golden.GoldenGate.ServingAsync(db, @case.WorkflowKey, step, ct), ct);
        var trainees = step.Staffing.ApprenticeshipQuota > 0 && await TraineesAvailableAsync(db, step.SkillKey, ct);
        var decision = Router.Route(step, state, agents, trainees);
        var task = WorkTask.Create(@case.Id, @case.WorkflowKey, version.Id, step, @case.Priority, input, decision, now);
        db.Tasks.Add(task);
        effects.Events.Add(new LiveEvent(LiveEvent.Kinds.TaskChanged, task.WorkflowKey, task.StepKey, task.Id, task.CaseId, task.Status.ToString()));
        if (task.Route == TaskRoute.Agent)
        {
            effects.AgentTasks.Add(task.Id);
            AgentLoad.Of(db).Change(task.AgentProfileKey!, +1);
        }
        return task;
    }

    /// <summary>
    /// The step's routing state, to be saved with the task when the step keeps a tally (<see cref="Router.KeepsTally"/>).
    /// Otherwise the router reads none of it, and a blank state that is not saved stands in: tasks of agent-only and
    /// human-only steps then never wait on one another here, as several instances recording agent runs of the same
    /// steps at once would (the row's lock is held until each one's transaction ends).
    /// </summary>
    private static async Task<StepRoutingState> RoutingStateAsync(OrchestratorDbContext db, string workflowKey, StepDefinition step, CancellationToken ct)
    {
        if (!Router.KeepsTally(step.Staffing))
            return new StepRoutingState { WorkflowKey = workflowKey, StepKey = step.Key, TargetShare = step.Staffing.AgentShare };
        await LockRoutingStateAsync(db, workflowKey, step.Key, ct);
        var state = await db.RoutingStates.FindAsync([workflowKey, step.Key], ct);
        if (state is null)
        {
            state = new StepRoutingState { WorkflowKey = workflowKey, StepKey = step.Key, TargetShare = step.Staffing.AgentShare };
            db.RoutingStates.Add(state);
        }
        else state.Version++;
        return state;
    }

    /// <summary>
    /// On PostgreSQL writers run side by side, and every task of a step updates the step's routing state: without a lock,
    /// all but one of the openings at the same moment would lose the version check. Locked first, they take turns; the
    /// read after the lock sees the state the one before committed. SQLite lets one writer in at a time anyway.
    /// </summary>
    private static Task LockRoutingStateAsync(OrchestratorDbContext db, string workflowKey, string stepKey, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "RoutingStates" WHERE "WorkflowKey" = {workflowKey} AND "StepKey" = {stepKey} FOR NO KEY UPDATE""", ct)
            : Task.CompletedTask;

    private static async Task<IReadOnlyList<AgentCandidate>> CandidatesAsync(OrchestratorDbContext db, IReadOnlyList<string> allowed, CancellationToken ct)
    {
        if (allowed.Count == 0) return [];
        var load = AgentLoad.Of(db);
        var profiles = (await load.ProfilesAsync(db, ct)).Where(p => allowed.Contains(p.Key));
        var open = await load.OpenAsync(db, ct);
        return profiles.Select(p => new AgentCandidate(p.Key, p.Status == AgentStatus.Active, open.GetValueOrDefault(p.Key), p.MaxBacklog)).ToList();
    }

    private static async Task<bool> TraineesAvailableAsync(OrchestratorDbContext db, string skillKey, CancellationToken ct)
    {
        var trainees = await db.Workers.AsNoTracking().Where(w => w.IsTrainee && w.Availability == Availability.Available).ToListAsync(ct);
        return trainees.Any(t => SkillSet.Covers(t.SkillList, skillKey));
    }
}

/// <summary>
/// How many tasks wait for or run on each agent (its backlog), counting this unit of work's own changes, which are not
/// saved yet: read once per unit, then kept current by the unit (new agent tasks, ended runs); and the profiles' status
/// and backlog limit, read once per unit.
/// </summary>
internal sealed class AgentLoad
{
    private Dictionary<string, int>? _open;
    private readonly Dictionary<string, int> _pending = [];
    private IReadOnlyList<(string Key, AgentStatus Status, int MaxBacklog)>? _profiles;

    public async Task<IReadOnlyList<(string Key, AgentStatus Status, int MaxBacklog)>> ProfilesAsync(OrchestratorDbContext db, CancellationToken ct) =>
        _profiles ??= (await db.AgentProfiles.AsNoTracking().Select(a => new { a.Key, a.Status, a.MaxBacklog }).ToListAsync(ct))
            .Select(a => (a.Key, a.Status, a.MaxBacklog)).ToList();

    public static AgentLoad Of(OrchestratorDbContext db)
    {
        if (!db.Memo.TryGetValue(nameof(AgentLoad), out var load)) db.Memo[nameof(AgentLoad)] = load = new AgentLoad();
        return (AgentLoad)load;
    }

    public async Task<IReadOnlyDictionary<string, int>> OpenAsync(OrchestratorDbContext db, CancellationToken ct)
    {
        if (_open is not null) return _open;
        _open = await db.Tasks.AsNoTracking()
            .Where(t => t.Route == TaskRoute.Agent && t.AgentProfileKey != null && (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Running))
            .GroupBy(t => t.AgentProfileKey!).Select(g => new { Key = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        foreach (var (key, delta) in _pending) _open[key] = _open.GetValueOrDefault(key) + delta;
        return _open;
    }

    /// <summary>A task of this agent joined (+1) or left (-1) its backlog in this unit of work.</summary>
    public void Change(string agentKey, int delta)
    {
        var counts = _open ?? _pending;
        counts[agentKey] = counts.GetValueOrDefault(agentKey) + delta;
    }
}
