using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Agents;

public sealed record ActivatedTask(Guid Id, Guid CaseId, string Workflow, string Step, string StepName, string Description, int Attempt,
    DateTime LeaseExpiresAt, JsonObject Input, IReadOnlyList<FieldDefinition> Outputs, double ConfidenceThreshold);

/// <summary>
/// The pull API for external workers: a program holding an API key tied to an agent profile activates tasks routed to
/// that profile, each locked to it until its lease ends, and completes, fails or extends them. Every hand-out is a
/// conditional update, so a task goes to exactly one worker at a time.
/// </summary>
public sealed class ExternalTasks(WorkStore store, WorkflowCatalog catalog, FinishAgentRun finish)
{
    public const int MaxBatch = 100;
    public const int MinLeaseSeconds = 5;
    public const int MaxLeaseSeconds = 3600;
    public const int MaxTries = 3;

    public async Task<WorkResult<IReadOnlyList<ActivatedTask>>> ActivateAsync(string agentKey, int max, int leaseSeconds, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (max is < 1 or > MaxBatch) errors.Add(new("max", $"max must be between 1 and {MaxBatch}."));
        if (leaseSeconds is < MinLeaseSeconds or > MaxLeaseSeconds) errors.Add(new("leaseSeconds", $"leaseSeconds must be between {MinLeaseSeconds} and {MaxLeaseSeconds}."));
        if (errors.Count > 0) return WorkResult<IReadOnlyList<ActivatedTask>>.Invalid(errors);

        await using var db = await store.ReadAsync(ct);
        var profile = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(a => a.Key == agentKey, ct);
        if (profile is null) return WorkResult<IReadOnlyList<ActivatedTask>>.NotFound($"No agent profile has the key '{agentKey}'.");
        if (profile.Status != AgentStatus.Active)
            return WorkResult<IReadOnlyList<ActivatedTask>>.Refused("agent-not-active", $"Agent {agentKey} is {profile.Status}; it gets no tasks.");

        var now = store.Now;
        var leaseEnd = now.AddSeconds(leaseSeconds);
        var cap = profile.MaxConcurrency;
        var candidates = await db.Tasks.AsNoTracking()
            .Where(t => t.AgentProfileKey == agentKey && t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).Select(t => t.Id).Take(max * 3).ToListAsync(ct);
        var tokens = new List<Guid>();
        foreach (var id in candidates)
        {
            if (tokens.Count == max) break;
            var token = Guid.NewGuid();
            if (await AgentRunStart.TryStartAsync(db, id, agentKey, cap, now, leaseEnd, token, ct)) tokens.Add(token);
        }
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.ClaimToken != null && tokens.Contains(t.ClaimToken.Value)).ToListAsync(ct);
        var activated = new List<ActivatedTask>();
        foreach (var t in tasks.OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt))
        {
            var step = (await catalog.VersionAsync(db, t.WorkflowVersionId, ct)).Step(t.StepKey);
            activated.Add(new ActivatedTask(t.Id, t.CaseId, t.WorkflowKey, t.StepKey, t.StepName, step.Description, t.Attempt, leaseEnd, t.Input, step.Outputs, step.Staffing.ConfidenceThreshold));
        }
        if (activated.Count > 0)
            await store.AfterCommitAsync(Events(tasks), ct);
        return WorkResult<IReadOnlyList<ActivatedTask>>.Ok(activated);
    }

    public async Task<WorkResult<AgentRunOutcome>> CompleteAsync(string agentKey, Guid taskId, JsonObject? output, double? confidence, decimal? cost, int tokens, CancellationToken ct = default)
    {
        var held = await HeldAsync(agentKey, taskId, ct);
        if (!held.Succeeded) return WorkResult<AgentRunOutcome>.From(held);
        var (task, profile, step) = held.Value!;
        var errors = new List<FieldError>();
        if (output is null) errors.Add(new("output", "output is required and must be a JSON object."));
        else errors.AddRange(OutputValidator.Validate(step.Outputs, output).Select(e => e with { Field = "output." + e.Field }));
        if (confidence is null or < 0 or > 1 || double.IsNaN(confidence.Value)) errors.Add(new("confidence", "confidence is required, between 0 and 1."));
        if (cost is < 0) errors.Add(new("cost", "cost cannot be negative."));
        if (tokens < 0) errors.Add(new("tokens", "tokens cannot be negative."));
        if (errors.Count > 0) return WorkResult<AgentRunOutcome>.Invalid(errors, "The output does not fit the step's fields; the task is still yours until its lease ends.");
        return await finish.HandleAsync(task.Id, task.Attempt, profile, new AgentAnswer(output!, confidence!.Value, tokens, cost), null, null, ct);
    }

    public async Task<WorkResult<AgentRunOutcome>> FailAsync(string agentKey, Guid taskId, string? error, bool retryable, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(error)) return WorkResult<AgentRunOutcome>.Invalid([new FieldError("error", "Say what went wrong.")]);
        var held = await HeldAsync(agentKey, taskId, ct);
        if (!held.Succeeded) return WorkResult<AgentRunOutcome>.From(held);
        var (task, profile, _) = held.Value!;
        var message = error.Length > 1000 ? error[..1000] + "…" : error;
        if (!retryable || task.Attempt >= MaxTries)
            return await finish.HandleAsync(task.Id, task.Attempt, profile, null,
                $"External agent {agentKey} failed{(retryable ? $" {MaxTries} times" : "")}: {message}", null, ct);
        return await store.WriteAsync<AgentRunOutcome>(async (db, effects) =>
        {
            var t = await db.Tasks.SingleAsync(x => x.Id == taskId, ct);
            if (t.Status != WorkTaskStatus.Running || t.Attempt != task.Attempt) return WorkResult<AgentRunOutcome>.Conflict("lease-lost", "The task is no longer yours.");
            t.RetryOnAgent(message);
            db.Record(store.Now, Actor.Agent(agentKey), "task.agent-retry", "task", t.Id.ToString(), reason: message);
            effects.Events.Add(TaskEvents.Changed(t));
            return WorkResult<AgentRunOutcome>.Ok(AgentRunOutcome.Busy);
        }, ct);
    }

    public async Task<WorkResult<DateTime>> ExtendAsync(string agentKey, Guid taskId, int leaseSeconds, CancellationToken ct = default)
    {
        if (leaseSeconds is < MinLeaseSeconds or > MaxLeaseSeconds)
            return WorkResult<DateTime>.Invalid([new FieldError("leaseSeconds", $"leaseSeconds must be between {MinLeaseSeconds} and {MaxLeaseSeconds}.")]);
        await using var db = await store.ReadAsync(ct);
        var now = store.Now;
        var leaseEnd = now.AddSeconds(leaseSeconds);
        var extended = await db.Tasks.Where(t => t.Id == taskId && t.AgentProfileKey == agentKey && t.Status == WorkTaskStatus.Running && t.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseExpiresAt, leaseEnd), ct);
        return extended == 1 ? WorkResult<DateTime>.Ok(leaseEnd) : WorkResult<DateTime>.Conflict("lease-lost", "This task's lease has ended or it is not yours.");
    }

    private async Task<WorkResult<(WorkTask Task, AgentProfile Profile, StepDefinition Step)>> HeldAsync(string agentKey, Guid taskId, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null) return WorkResult<(WorkTask, AgentProfile, StepDefinition)>.NotFound("That task does not exist.");
        if (task.AgentProfileKey != agentKey || task.Status != WorkTaskStatus.Running || task.LeaseExpiresAt <= store.Now)
            return WorkResult<(WorkTask, AgentProfile, StepDefinition)>.Conflict("lease-lost",
                "This task is not held by your agent now: its lease ended or it was handed to someone else.");
        var profile = await db.AgentProfiles.AsNoTracking().SingleAsync(a => a.Key == agentKey, ct);
        var step = (await catalog.VersionAsync(db, task.WorkflowVersionId, ct)).Step(task.StepKey);
        return WorkResult<(WorkTask, AgentProfile, StepDefinition)>.Ok((task, profile, step));
    }

    private static WorkEffects Events(IEnumerable<WorkTask> tasks)
    {
        var effects = new WorkEffects();
        effects.Events.AddRange(tasks.Select(t => TaskEvents.Changed(t)));
        return effects;
    }
}
