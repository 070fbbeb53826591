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

/// <summary>A started agent run: the task (status Running, its attempt current), its agent and step.</summary>
public sealed record AgentRun(WorkTask Task, AgentProfile Profile, StepDefinition Step, System.Text.Json.Nodes.JsonObject? Truth);

/// <summary>How an agent run ended: the answer, or why there is none (and any draft), for the task's attempt.</summary>
public sealed record AgentRunEnd(Guid TaskId, int Attempt, AgentProfile Profile, AgentAnswer? Answer, string? Failure, System.Text.Json.Nodes.JsonObject? Draft);

/// <summary>
/// Runs one agent task: start (a conditional update that caps the profile's concurrency), call the agent with retries,
/// then validate and complete or escalate. Our task row is the source of truth: a run that lost its lease or whose
/// attempt is stale changes nothing, so a job that runs twice is harmless.
/// </summary>
public sealed class RunAgentTask(WorkStore store, WorkflowCatalog catalog, WorkOptions options, FinishAgentRun finish, IEnumerable<AgentAdapter> adapters, ILogger<RunAgentTask> logger)
{
    public const int MaxTries = 3;
    public const int MaxAnswerChars = 64 * 1024;

    /// <summary>Runs this one task now, if it still waits for its agent and the agent has a free slot.</summary>
    public async Task<AgentRunOutcome> HandleAsync(Guid taskId, CancellationToken ct = default)
    {
        var start = await StartAsync(taskId, ct);
        if (start.Outcome != AgentRunOutcome.Completed) return start.Outcome;
        return (await finish.HandleAsync(await CallAsync(start.Run!, ct), ct)).Value;
    }

    /// <summary>Calls the agent of a started run, retrying transient failures with backoff. Only cancellation throws.</summary>
    public async Task<AgentRunEnd> CallAsync(AgentRun run, CancellationToken ct)
    {
        var (task, profile, step, truth) = run;
        var (answer, failure, draft) = await AskAsync(new AgentRequest(task.Id, task.Attempt, step, task.Input, profile, truth), ct);
        return new AgentRunEnd(task.Id, task.Attempt, profile, answer, failure, draft);
    }

    /// <summary>
    /// Asks the request's agent through its kind's adapter, retrying transient failures with backoff: the answer, or why
    /// there is none (and any draft). Changes nothing, so evaluations (shadow runs, golden sets) use it too. Only cancellation throws.
    /// </summary>
    public async Task<(AgentAnswer? Answer, string? Failure, System.Text.Json.Nodes.JsonObject? Draft)> AskAsync(AgentRequest request, CancellationToken ct)
    {
        var profile = request.Profile;
        var adapter = adapters.FirstOrDefault(a => a.Kind == profile.Kind);
        AgentAnswer? answer = null;
        string? failure = adapter is null ? $"No adapter is installed for agent kind {profile.Kind}." : null;
        System.Text.Json.Nodes.JsonObject? draft = null;
        for (var attempt = 1; adapter is not null && attempt <= MaxTries; attempt++)
        {
            try
            {
                answer = await adapter.RunAsync(request, ct);
                break;
            }
            catch (AgentTransientException ex) when (attempt < MaxTries)
            {
                logger.LogInformation("Agent {Agent} transient failure on {Task} (try {Try}): {Message}", profile.Key, request.TaskId, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(3, attempt - 1)), store.Clock, ct);
            }
            catch (AgentTransientException ex) { failure = $"Agent {profile.Key} failed after {MaxTries} tries: {ex.Message}"; }
            catch (AgentAnswerException ex) { failure = $"Agent {profile.Key} gave an unusable answer: {ex.Message}"; draft = ex.Draft; break; }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex) { failure = $"Agent {profile.Key} failed: {ex.GetType().Name}: {Truncate(ex.Message)}"; break; }
        }
        return (answer, failure, draft);
    }

    private readonly record struct Started(AgentRunOutcome Outcome, AgentRun? Run);

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
        // The run as the domain starts it, written by a conditional update on the attempt read above: when it matches,
        // the row is exactly this task, so it is not read back.
        var attempt = task.Attempt;
        task.StartAgent(profile.Key, store.Now, options.AgentLease);
        var started = await AgentRunStart.TryStartAsync(db, taskId, profile.Key, profile.MaxConcurrency, task.ClaimedAt!.Value, task.LeaseExpiresAt!.Value,
            task.ClaimToken!.Value, ct, attempt);
        if (!started)
        {
            var still = await db.Tasks.AsNoTracking().AnyAsync(t => t.Id == taskId && t.Status == WorkTaskStatus.Queued && t.Route == TaskRoute.Agent, ct);
            return new(still ? AgentRunOutcome.Busy : AgentRunOutcome.Skipped, null);
        }
        return new(AgentRunOutcome.Completed, (await RunsAsync(db, [task], [profile], ct)).Single());
    }

    /// <summary>What each agent needs for its started task: the step and, for simulated agents, the case's ground truth.</summary>
    public async Task<IReadOnlyList<AgentRun>> RunsAsync(OrchestratorDbContext db, IReadOnlyList<WorkTask> started, IReadOnlyCollection<AgentProfile> profiles, CancellationToken ct)
    {
        var simulated = started.Where(t => profiles.Any(p => p.Key == t.AgentProfileKey && p.Kind == AgentKind.Simulated)).Select(t => t.CaseId).Distinct().ToList();
        var truths = simulated.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => simulated.Contains(c.Id) && c.GroundTruthJson != null)
            .Select(c => new { c.Id, c.GroundTruthJson }).ToDictionaryAsync(c => c.Id, c => c.GroundTruthJson!, ct);
        var runs = new List<AgentRun>(started.Count);
        foreach (var task in started)
        {
            var profile = profiles.Single(p => p.Key == task.AgentProfileKey);
            var version = await catalog.VersionAsync(db, task.WorkflowVersionId, ct);
            var truth = truths.TryGetValue(task.CaseId, out var json) ? DomainJson.ParseObject(json) : null;
            runs.Add(new AgentRun(task, profile, version.Step(task.StepKey), truth));
        }
        return runs;
    }

    /// <summary>Sends a task waiting for an agent that is paused or retired to the human queue (documented rule).</summary>
    public Task EscalateAsync(Guid taskId, System.Text.Json.Nodes.JsonObject? draft, string reason, CancellationToken ct) =>
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
