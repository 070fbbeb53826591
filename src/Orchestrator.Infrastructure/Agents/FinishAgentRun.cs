using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// Records the end of an agent run, whichever kind of agent ran it: a valid, confident answer completes the task and
/// moves the case on; anything else escalates to the human queue with the reason and the draft. A run whose attempt
/// is no longer current (lease lost, finished elsewhere) changes nothing.
/// </summary>
public sealed class FinishAgentRun(WorkStore store, WorkflowCatalog catalog, WorkOptions options)
{
    public Task<WorkResult<AgentRunOutcome>> HandleAsync(Guid taskId, int attempt, AgentProfile profile, AgentAnswer? answer, string? failure,
        JsonObject? draft, CancellationToken ct = default) =>
        HandleAsync(new AgentRunEnd(taskId, attempt, profile, answer, failure, draft), ct);

    /// <summary>Records one run's end; the slot it frees goes to the profile's next waiting task.</summary>
    public Task<WorkResult<AgentRunOutcome>> HandleAsync(AgentRunEnd end, CancellationToken ct = default) =>
        store.WriteAsync<AgentRunOutcome>(async (db, effects) =>
        {
            var outcome = await FinishAsync(db, effects, end, ct);
            if (outcome != AgentRunOutcome.Skipped)
                effects.AgentTasks.AddRange(await db.Tasks.AsNoTracking()
                    .Where(t => t.AgentProfileKey == end.Profile.Key && t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued)
                    .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).Select(t => t.Id).Take(1).ToListAsync(ct));
            return WorkResult<AgentRunOutcome>.Ok(outcome);
        }, ct);

    /// <summary>
    /// Records many runs' ends in one transaction, each judged and moved on exactly as on its own. Should one of them
    /// break the unit (a domain error), each is recorded on its own instead, so the others still count.
    /// </summary>
    public async Task<IReadOnlyList<AgentRunOutcome>> HandleManyAsync(IReadOnlyList<AgentRunEnd> ends, CancellationToken ct = default)
    {
        if (ends.Count == 1) return [(await HandleAsync(ends[0], ct)).Value];
        var together = await store.WriteAsync<IReadOnlyList<AgentRunOutcome>>(async (db, effects) =>
        {
            var ids = ends.Select(e => e.TaskId).ToList();
            // loaded (and tracked) up front, so each finish below finds its task and case without a query of its own
            var tasks = await db.Tasks.Where(t => ids.Contains(t.Id)).ToListAsync(ct);
            var caseIds = tasks.Select(t => t.CaseId).Distinct().ToList();
            await db.Cases.Where(c => caseIds.Contains(c.Id)).LoadAsync(ct);
            var outcomes = new List<AgentRunOutcome>(ends.Count);
            foreach (var end in ends) outcomes.Add(await FinishAsync(db, effects, end, ct));
            return WorkResult<IReadOnlyList<AgentRunOutcome>>.Ok(outcomes);
        }, ct);
        if (together.Succeeded) return together.Value!;
        var one = new List<AgentRunOutcome>(ends.Count);
        foreach (var end in ends) one.Add((await HandleAsync(end, ct)).Value);
        return one;
    }

    private async Task<AgentRunOutcome> FinishAsync(OrchestratorDbContext db, WorkEffects effects, AgentRunEnd end, CancellationToken ct)
    {
        var (taskId, attempt, profile, answer, failure, draft) = end;
        var task = await db.Tasks.FindAsync([taskId], ct);
        if (task is null || task.Status != WorkTaskStatus.Running || task.Attempt != attempt || task.AgentProfileKey != profile.Key)
            return AgentRunOutcome.Skipped;
        var step = await StepPolicies.EffectiveAsync(db, task.WorkflowKey, (await catalog.VersionAsync(db, task.WorkflowVersionId, ct)).Step(task.StepKey), ct);
        var now = store.Now;
        var actor = Actor.Agent(profile.Key);
        var cost = answer is null ? 0 : answer.Cost ?? profile.CallCost(answer.Tokens);
        var reason = failure ?? Judge(step, answer!);
        if (reason is not null)
        {
            // NaN or infinity cannot be stored or written to the audit trail as JSON: keep only a finite confidence.
            var confidence = answer is not null && double.IsFinite(answer.Confidence) ? answer.Confidence : (double?)null;
            task.Escalate(reason, answer?.Output ?? draft, now, cost, answer?.Tokens ?? 0, confidence);
            db.Record(now, actor, "task.escalated", "task", task.Id.ToString(), after: new { task.Status, task.Confidence }, reason: reason);
            effects.Events.Add(TaskEvents.Changed(task));
            AgentLoad.Of(db).Change(profile.Key, -1);
            return AgentRunOutcome.Escalated;
        }
        task.CompleteByAgent(profile.Key, attempt, answer!.Output, step.Outputs, answer.Confidence, cost, answer.Tokens, now);
        effects.Events.Add(TaskEvents.Changed(task));
        // Routing the next step still counts this run in the agent's backlog, as it did when each run ended on its own.
        await CaseProgress.AdvanceAsync(db, effects, catalog, options, task, actor, now, ct);
        AgentLoad.Of(db).Change(profile.Key, -1);
        return AgentRunOutcome.Completed;
    }

    /// <summary>Why an answer cannot stand (invalid output, low or meaningless confidence), or null when it can.</summary>
    public static string? Judge(StepDefinition step, AgentAnswer answer)
    {
        var errors = OutputValidator.Validate(step.Outputs, answer.Output);
        if (errors.Count > 0) return "Agent output is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
        if (double.IsNaN(answer.Confidence) || answer.Confidence is < 0 or > 1) return $"Agent confidence {answer.Confidence} is not between 0 and 1.";
        if (answer.Confidence < step.Staffing.ConfidenceThreshold)
        {
            // Cut, not rounded, to up to four decimals: "0.7999", never "0.80 is under the step's threshold 0.80".
            var shown = Math.Floor((decimal)answer.Confidence * 10_000m) / 10_000m;
            return $"Agent confidence {shown:0.00##} is under the step's threshold {step.Staffing.ConfidenceThreshold:0.00##}.";
        }
        return null;
    }
}
