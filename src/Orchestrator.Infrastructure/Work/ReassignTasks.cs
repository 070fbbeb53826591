using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

public enum ReassignKind { ToHuman, ToQueue, ToAgent, Priority, Cancel }

/// <summary>Where selected tasks go: a person (by user id), the human queue, an agent profile, a new priority, or cancelled.</summary>
public sealed record ReassignTarget(ReassignKind Kind, string? UserId = null, string? AgentKey = null, int? Priority = null, string? Reason = null);

/// <summary>One task's result; <paramref name="Code"/> says why not in machine terms (at-capacity, changed, not-eligible…).</summary>
public sealed record ReassignOutcome(Guid TaskId, bool Succeeded, string? Message, string? Code = null);

/// <summary>
/// Rebalancing, one task or many. Each task is its own unit of work with its concurrency token, so a task claimed or
/// completed at the same moment either is reassigned cleanly or is reported as changed — never half of each.
/// </summary>
public sealed class ReassignTasks(WorkStore store, WorkOptions options, CancelTask cancel)
{
    public Task<IReadOnlyList<ReassignOutcome>> HandleAsync(Actor actor, IReadOnlyCollection<Guid> taskIds, ReassignTarget target, CancellationToken ct = default) =>
        HandleAsync(actor, taskIds, target, seenVersions: null, ct);

    /// <summary>
    /// As above, for a caller that chose the tasks from a view: <paramref name="seenVersions"/> holds each task's version
    /// as shown there. A task that changed since (claimed, completed, moved by someone else) is refused as "changed"
    /// instead of being taken from whoever just got it.
    /// </summary>
    public async Task<IReadOnlyList<ReassignOutcome>> HandleAsync(Actor actor, IReadOnlyCollection<Guid> taskIds, ReassignTarget target,
        IReadOnlyDictionary<Guid, int>? seenVersions, CancellationToken ct = default)
    {
        var outcomes = new List<ReassignOutcome>();
        foreach (var id in taskIds.Distinct())
        {
            int? seen = seenVersions is not null && seenVersions.TryGetValue(id, out var v) ? v : null;
            var result = target.Kind == ReassignKind.Cancel
                ? await cancel.HandleAsync(actor, id, target.Reason ?? "", ct)
                : await OneAsync(actor, id, target, seen, ct);
            outcomes.Add(new ReassignOutcome(id, result.Succeeded, result.Succeeded ? null : result.Errors?.FirstOrDefault()?.Message ?? result.Message,
                result.Succeeded ? null : result.Code));
        }
        return outcomes;
    }

    private Task<WorkResult<WorkTask>> OneAsync(Actor actor, Guid taskId, ReassignTarget target, int? seenVersion, CancellationToken ct) =>
        store.WriteAsync<WorkTask>(async (db, effects) =>
        {
            var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
            if (seenVersion is { } seen && task.Version != seen)
                return WorkResult<WorkTask>.Conflict("changed", task.Status == WorkTaskStatus.Claimed
                    ? $"{task.AssigneeName} took this task since you looked; reload and choose again."
                    : $"This task changed since you looked (it is {task.Status} now); reload and choose again.");
            var before = TaskEvents.Snapshot(task);
            var previous = task.AssigneeId;
            var now = store.Now;
            switch (target.Kind)
            {
                case ReassignKind.ToHuman:
                    var worker = await db.Workers.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == target.UserId, ct);
                    if (worker is null) return WorkResult<WorkTask>.Invalid([new("userId", "Choose a person with a worker profile.")]);
                    if (worker.IsSimulated) return WorkResult<WorkTask>.Invalid([new("userId", $"{worker.DisplayName} is simulated; choose a person.")]);
                    if (!worker.CanTake(task.RequiredSkills, false))
                        return WorkResult<WorkTask>.Refused("not-eligible", $"{worker.DisplayName} lacks the skills {task.RequiredSkills}.");
                    var held = await ClaimTask.HeldCountAsync(db, worker.UserId, ct);
                    if (held >= worker.Capacity && task.AssigneeId != worker.UserId)
                        return WorkResult<WorkTask>.Refused("at-capacity", $"{worker.DisplayName} is at capacity: already holds {held} of {worker.Capacity} tasks.");
                    task.AssignTo(worker.UserId, worker.DisplayName, now, options.ClaimLease);
                    break;
                case ReassignKind.ToQueue:
                    task.ReturnToHumanQueue();
                    break;
                case ReassignKind.ToAgent:
                    var agent = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(a => a.Key == target.AgentKey, ct);
                    if (agent is null) return WorkResult<WorkTask>.Invalid([new("agentKey", "Choose an agent profile.")]);
                    if (agent.Status != AgentStatus.Active) return WorkResult<WorkTask>.Refused("agent-not-active", $"Agent {agent.Key} is {agent.Status}.");
                    task.AssignToAgent(agent.Key);
                    effects.AgentTasks.Add(task.Id);
                    break;
                case ReassignKind.Priority:
                    task.ChangePriority(target.Priority ?? -1);
                    break;
            }
            db.Record(now, actor, target.Kind == ReassignKind.Priority ? "task.priority" : "task.reassigned", "task", task.Id.ToString(),
                before, TaskEvents.Snapshot(task), target.Reason);
            effects.Events.Add(TaskEvents.Changed(task, previous));
            return WorkResult<WorkTask>.Ok(task);
        }, ct);
}
