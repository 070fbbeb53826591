using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Work;

public enum ReassignKind { ToHuman, ToQueue, ToAgent, Priority, Cancel }

/// <summary>Where selected tasks go: a person (by user id), the human queue, an agent profile, a new priority, or cancelled.</summary>
public sealed record ReassignTarget(ReassignKind Kind, string? UserId = null, string? AgentKey = null, int? Priority = null, string? Reason = null);

public sealed record ReassignOutcome(Guid TaskId, bool Succeeded, string? Message);

/// <summary>
/// Rebalancing, one task or many. Each task is its own unit of work with its concurrency token, so a task claimed or
/// completed at the same moment either is reassigned cleanly or is reported as changed — never half of each.
/// </summary>
public sealed class ReassignTasks(WorkStore store, WorkOptions options, CancelTask cancel)
{
    public async Task<IReadOnlyList<ReassignOutcome>> HandleAsync(Actor actor, IReadOnlyCollection<Guid> taskIds, ReassignTarget target, CancellationToken ct = default)
    {
        var outcomes = new List<ReassignOutcome>();
        foreach (var id in taskIds.Distinct())
        {
            var result = target.Kind == ReassignKind.Cancel
                ? await cancel.HandleAsync(actor, id, target.Reason ?? "", ct)
                : await OneAsync(actor, id, target, ct);
            outcomes.Add(new ReassignOutcome(id, result.Succeeded, result.Succeeded ? null : result.Errors?.FirstOrDefault()?.Message ?? result.Message));
        }
        return outcomes;
    }

    private Task<WorkResult<WorkTask>> OneAsync(Actor actor, Guid taskId, ReassignTarget target, CancellationToken ct) =>
        store.WriteAsync<WorkTask>(async (db, effects) =>
        {
            var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
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
                        return WorkResult<WorkTask>.Refused("at-capacity", $"{worker.DisplayName} already holds {held} of {worker.Capacity} tasks.");
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
