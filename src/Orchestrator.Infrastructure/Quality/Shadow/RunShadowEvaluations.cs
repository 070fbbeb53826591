using System.Collections.Concurrent;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality.Shadow;

/// <summary>
/// The shadow's worker: for each trial, takes the step's tasks completed since it last looked, keeps those in the
/// challenger's share, asks the challenger on each (the task's input, through its kind's adapter) and stores the answers
/// as shadow runs. It only reads tasks and cases; it runs apart from the agents' queue, a bounded batch at a time, so
/// the pipeline does not wait for it.
/// </summary>
public sealed class RunShadowEvaluations(WorkStore store, WorkflowCatalog catalog, RunAgentTask agents)
{
    /// <summary>Completed tasks considered per trial and run; the rest wait for the next run.</summary>
    public const int ScanBatch = 200;
    public const int MaxParallel = 4;

    /// <summary>Returns the number of shadow runs stored.</summary>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        List<ShadowTrial> trials;
        await using (var db = await store.ReadAsync(ct)) trials = await db.Set<ShadowTrial>().AsNoTracking().ToListAsync(ct);
        var stored = 0;
        foreach (var trial in trials) stored += await RunTrialAsync(trial, ct);
        return stored;
    }

    private async Task<int> RunTrialAsync(ShadowTrial trial, CancellationToken ct)
    {
        AgentProfile? challenger;
        List<WorkTask> tasks;
        Dictionary<Guid, string> truths;
        await using (var db = await store.ReadAsync(ct))
        {
            challenger = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(a => a.Key == trial.ChallengerKey, ct);
            tasks = await db.Tasks.AsNoTracking()
                .Where(t => t.WorkflowKey == trial.WorkflowKey && t.StepKey == trial.StepKey && t.Kind == TaskKind.Step
                            && t.Status == WorkTaskStatus.Completed && t.CompletedAt > trial.ScannedUntil)
                .OrderBy(t => t.CompletedAt).Take(ScanBatch).ToListAsync(ct);
            // A full batch may end in the middle of tasks completed at the same instant: leave those for the next run.
            if (tasks.Count == ScanBatch && tasks[0].CompletedAt != tasks[^1].CompletedAt)
                tasks.RemoveAll(t => t.CompletedAt == tasks[^1].CompletedAt);
            var caseIds = tasks.Select(t => t.CaseId).Distinct().ToList();
            truths = challenger?.Kind == AgentKind.Simulated
                ? await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id) && c.GroundTruthJson != null).ToDictionaryAsync(c => c.Id, c => c.GroundTruthJson!, ct)
                : [];
        }
        if (tasks.Count == 0) return 0;
        var scannedUntil = tasks.Max(t => t.CompletedAt!.Value);
        var chosen = challenger is { Status: AgentStatus.Active }
            ? tasks.Where(t => ShadowShare.Includes(t.Id, trial.SharePercent) && t.CompletedBy != challenger.Key).ToList()
            : [];

        var runs = new ConcurrentBag<ShadowRun>();
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(challenger?.MaxConcurrency ?? 1, 1, MaxParallel), CancellationToken = ct },
            async (task, token) =>
            {
                StepDefinition step;
                await using (var db = await store.ReadAsync(token)) step = (await catalog.VersionAsync(db, task.WorkflowVersionId, token)).Step(task.StepKey);
                var truth = truths.TryGetValue(task.CaseId, out var json) ? DomainJson.ParseObject(json) : null;
                var (answer, failure, _) = await agents.AskAsync(new AgentRequest(task.Id, task.Attempt, step, task.Input, challenger!, truth), token);
                // An answer the step would not accept counts as no answer, as it could not have completed the task.
                failure ??= OutputValidator.Validate(step.Outputs, answer!.Output) is { Count: > 0 } errors
                    ? "Invalid output: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")) : null;
                runs.Add(new ShadowRun
                {
                    WorkflowKey = task.WorkflowKey, StepKey = task.StepKey, TaskId = task.Id, ChallengerKey = challenger!.Key,
                    ChallengerVersion = challenger.ModelVersion,
                    Champion = task.CompletedBy == task.AgentProfileKey ? task.CompletedBy ?? "" : task.AssigneeName ?? task.CompletedBy ?? "",
                    OutputJson = answer is null ? null : DomainJson.Write(answer.Output), Confidence = answer is null || !double.IsFinite(answer.Confidence) ? null : answer.Confidence,
                    Failure = failure, Cost = answer is null ? 0 : answer.Cost ?? challenger.CallCost(answer.Tokens), Tokens = answer?.Tokens ?? 0,
                    RanAt = store.Now,
                });
            });

        await store.WriteAsync<int>(async (db, _) =>
        {
            var row = await db.Set<ShadowTrial>().SingleOrDefaultAsync(t => t.WorkflowKey == trial.WorkflowKey && t.StepKey == trial.StepKey, ct);
            // The trial was stopped, promoted or given another challenger meanwhile: keep the answers, leave the new trial alone.
            if (row is not null && row.ChallengerKey == trial.ChallengerKey && row.ScannedUntil < scannedUntil) row.ScannedUntil = scannedUntil;
            var ids = runs.Select(r => r.TaskId).ToList();
            var done = await db.Set<ShadowRun>().Where(r => ids.Contains(r.TaskId) && r.ChallengerKey == trial.ChallengerKey).Select(r => r.TaskId).ToListAsync(ct);
            db.Set<ShadowRun>().AddRange(runs.Where(r => !done.Contains(r.TaskId)));
            return WorkResult<int>.Ok(runs.Count);
        }, ct);
        return runs.Count;
    }
}

/// <summary>Runs the shadow's batches every minute (see <see cref="RunShadowEvaluations"/>).</summary>
public sealed class ShadowEvaluationJob(RunShadowEvaluations run)
{
    public const string Id = "quality-shadow";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(50)]
    public Task RunAsync(CancellationToken ct) => run.HandleAsync(ct);
}
