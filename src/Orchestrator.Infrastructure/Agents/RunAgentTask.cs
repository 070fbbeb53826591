using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Agents;

public enum AgentRunOutcome { Completed, Escalated, Busy, Skipped }

/// <summary>
/// Runs one agent task: start (a conditional update that caps the profile's concurrency), call the agent with retries,
/// then validate and complete or escalate. Our task row is the source of truth: a run that lost its lease or whose
/// attempt is stale changes nothing, so a job that runs twice is harmless.
/// </summary>
public sealed class RunAgentTask(WorkStore store, WorkflowCatalog catalog, WorkOptions options, FinishAgentRun finish, IEnumerable<AgentAdapter> adapters, ILogger<RunAgentTask> logger)
{
    public const int MaxTries = 3;
    public const int MaxAnswerChars = 64 * 1024;

    public async Task<AgentRunOutcome> HandleAsync(Guid taskId, CancellationToken ct = default)
    {
        var start = await StartAsync(taskId, ct);
        if (start.Outcome != AgentRunOutcome.Completed) return start.Outcome;
        var (task, profile, step, truth) = start.Run!.Value;
        var adapter = adapters.FirstOrDefault(a => a.Kind == profile.Kind);

        AgentAnswer? answer = null;
        string? failure = adapter is null ? $"No adapter is installed for agent kind {profile.Kind}." : null;
        System.Text.Json.Nodes.JsonObject? draft = null;
        for (var attempt = 1; adapter is not null && attempt <= MaxTries; attempt++)
        {
            try
            {
                answer = await adapter.RunAsync(new AgentRequest(task.Id, task.Attempt, step, task.Input, profile, truth), ct);
                break;
            }
            catch (AgentTransientException ex) when (attempt < MaxTries)
            {
                logger.LogInformation("Agent {Agent} transient failure on {Task} (try {Try}): {Message}", profile.Key, task.Id, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(3, attempt - 1)), store.Clock, ct);
            }
            catch (AgentTransientException ex) { failure = $"Agent {profile.Key} failed after {MaxTries} tries: {ex.Message}"; }
            catch (AgentAnswerException ex) { failure = $"Agent {profile.Key} gave an unusable answer: {ex.Message}"; draft = ex.Draft; break; }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex) { failure = $"Agent {profile.Key} failed: {ex.GetType().Name}: {Truncate(ex.Message)}"; break; }
        }
        return (await finish.HandleAsync(task.Id, task.Attempt, profile, answer, failure, draft, ct)).Value;
    }

    private readonly record struct Run(WorkTask Task, AgentProfile Profile, StepDefinition Step, System.Text.Json.Nodes.JsonObject? Truth);
    private readonly record struct Started(AgentRunOutcome Outcome, Run? Run);

    private async Task<Started> StartAsync(Guid taskId, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || task.Route != TaskRoute.Agent || task.Status != WorkTaskStatus.Queued || task.AgentProfileKey is null)
            return new(AgentRunOutcome.Skipped, null);
        var profile = await db.AgentProfiles.AsNoTracking().SingleAsync(p => p.Key == task.AgentProfileKey, ct);
        if (profile.Kind == AgentKind.ExternalPull && profile.Status == AgentStatus.Active)
            return new(AgentRunOutcome.Skipped, null); // an external worker pulls it through the API
        if (profile.Status != AgentStatus.Active)
        {
            // Documented rule: tasks waiting for a paused or retired agent go to the human queue; runs in flight finish.
            await EscalateAsync(taskId, null, $"Agent {profile.Key} is {profile.Status.ToString().ToLowerInvariant()}; sent to humans.", ct);
            return new(AgentRunOutcome.Escalated, null);
        }
        var now = store.Now;
        var leaseEnd = now + options.AgentLease;
        var token = Guid.NewGuid();
        var started = await AgentRunStart.TryStartAsync(db, taskId, profile.Key, profile.MaxConcurrency, now, leaseEnd, token, ct);
        if (!started)
        {
            var still = await db.Tasks.AsNoTracking().AnyAsync(t => t.Id == taskId && t.Status == WorkTaskStatus.Queued && t.Route == TaskRoute.Agent, ct);
            return new(still ? AgentRunOutcome.Busy : AgentRunOutcome.Skipped, null);
        }
        var running = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, ct);
        var version = await catalog.VersionAsync(db, running.WorkflowVersionId, ct);
        var truthJson = await db.Cases.AsNoTracking().Where(c => c.Id == running.CaseId).Select(c => c.GroundTruthJson).SingleAsync(ct);
        var truth = profile.Kind == AgentKind.Simulated && truthJson is not null ? DomainJson.ParseObject(truthJson) : null;
        return new(AgentRunOutcome.Completed, new Run(running, profile, version.Step(running.StepKey), truth));
    }

    private Task EscalateAsync(Guid taskId, System.Text.Json.Nodes.JsonObject? draft, string reason, CancellationToken ct) =>
        store.WriteAsync<bool>(async (db, effects) =>
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == taskId, ct);
            if (task.Status != WorkTaskStatus.Queued) return WorkResult<bool>.Ok(false);
            task.Escalate(reason, draft, store.Now);
            db.Record(store.Now, Actor.System, "task.escalated", "task", task.Id.ToString(), after: new { task.Status }, reason: reason);
            effects.Events.Add(TaskEvents.Changed(task));
            return WorkResult<bool>.Ok(true);
        }, ct);

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
