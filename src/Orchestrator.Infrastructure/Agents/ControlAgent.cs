using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Agents;

public enum AgentCommand { Pause, Resume, Retire }

/// <summary>
/// Pauses, resumes or retires an agent profile. Rule: a paused or retired agent gets no new tasks from that moment
/// (routing reads its status); runs already in flight finish; tasks waiting for it go to the human queue at once.
/// </summary>
public sealed class ControlAgent(WorkStore store)
{
    public Task<WorkResult<AgentProfile>> HandleAsync(Actor actor, string agentKey, AgentCommand command, string? reason, CancellationToken ct = default) =>
        store.WriteAsync<AgentProfile>(async (db, effects) =>
        {
            var agent = await db.AgentProfiles.SingleOrDefaultAsync(a => a.Key == agentKey, ct);
            if (agent is null) return WorkResult<AgentProfile>.NotFound($"No agent profile has the key '{agentKey}'.");
            var before = agent.Status;
            switch (command)
            {
                case AgentCommand.Pause: agent.Pause(); break;
                case AgentCommand.Resume: agent.Resume(); break;
                default: agent.Retire(); break;
            }
            var now = store.Now;
            db.Record(now, actor, $"agent.{command.ToString().ToLowerInvariant()}", "agent", agent.Key, before.ToString(), agent.Status.ToString(), reason);
            if (agent.Status != AgentStatus.Active)
            {
                var waiting = await db.Tasks.Where(t => t.AgentProfileKey == agentKey && t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued).ToListAsync(ct);
                foreach (var task in waiting)
                {
                    task.Escalate($"Agent {agentKey} was {agent.Status.ToString().ToLowerInvariant()} before it started this task.", null, now);
                    effects.Events.Add(TaskEvents.Changed(task));
                }
            }
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.WorkforceChanged, "", null, null, null, agent.Status.ToString()));
            return WorkResult<AgentProfile>.Ok(agent);
        }, ct);
}
