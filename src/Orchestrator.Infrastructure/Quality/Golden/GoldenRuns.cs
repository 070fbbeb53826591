using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality.Golden;

/// <summary>Starts a run of an agent profile against a step's golden set: the run is recorded as queued and a job does the work.</summary>
public sealed class StartGoldenRun(WorkStore store, WorkflowCatalog catalog, IBackgroundJobClient jobs)
{
    public async Task<WorkResult<GoldenRun>> HandleAsync(Actor actor, string workflowKey, string stepKey, string profileKey, CancellationToken ct = default)
    {
        var result = await store.WriteAsync<GoldenRun>(async (db, _) =>
        {
            if (await PublishedStep.FindAsync(db, catalog, workflowKey, stepKey, ct) is null)
                return WorkResult<GoldenRun>.NotFound(PublishedStep.Missing(workflowKey, stepKey));
            var profile = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Key == profileKey, ct);
            if (profile is null) return WorkResult<GoldenRun>.NotFound($"No agent profile has the key '{profileKey}'.");
            if (profile.Kind == AgentKind.ExternalPull)
                return WorkResult<GoldenRun>.Refused("golden.external", $"{profile.Name} is an external worker that pulls its tasks; it cannot be called on golden examples.");
            var examples = await db.Set<GoldenExample>().CountAsync(e => e.WorkflowKey == workflowKey && e.StepKey == stepKey, ct);
            if (examples == 0) return WorkResult<GoldenRun>.Refused("golden.empty", "The step's golden set has no examples yet.");
            var run = new GoldenRun
            {
                WorkflowKey = workflowKey, StepKey = stepKey, AgentProfileKey = profile.Key, AgentVersion = profile.ModelVersion,
                StartedBy = actor.Name, StartedAt = store.Now, Status = GoldenRunStatus.Queued, Examples = examples,
            };
            db.Set<GoldenRun>().Add(run);
            await db.SaveChangesAsync(ct);
            db.Record(store.Now, actor, "golden.run-started", "step", $"{workflowKey}/{stepKey}",
                after: new { run = run.Id, agent = profile.Key, version = profile.ModelVersion, examples });
            return WorkResult<GoldenRun>.Ok(run);
        }, ct);
        if (result.Succeeded) jobs.Enqueue<GoldenRunJob>(j => j.RunAsync(result.Value!.Id, CancellationToken.None));
        return result;
    }
}

/// <summary>
/// Runs a queued golden-set run: asks the agent (through its kind's adapter, as for real tasks) on every example, a few
/// at a time, and stores the accuracy overall and per field with the per-example results. Nothing else changes.
/// </summary>
public sealed class ExecuteGoldenRun(WorkStore store, WorkflowCatalog catalog, RunAgentTask agents)
{
    public const int MaxParallel = 8;

    public async Task<GoldenRun?> HandleAsync(long runId, CancellationToken ct = default)
    {
        var started = await store.WriteAsync<GoldenRun>(async (db, _) =>
        {
            var run = await db.Set<GoldenRun>().SingleOrDefaultAsync(r => r.Id == runId, ct);
            if (run is null || run.Status != GoldenRunStatus.Queued) return WorkResult<GoldenRun>.Conflict("golden.not-queued", "The run is not waiting.");
            run.Status = GoldenRunStatus.Running;
            return WorkResult<GoldenRun>.Ok(run);
        }, ct);
        if (!started.Succeeded) return null;
        var run = started.Value!;

        Domain.Workflows.StepDefinition? step;
        AgentProfile? profile;
        List<GoldenExample> examples;
        await using (var db = await store.ReadAsync(ct))
        {
            step = await PublishedStep.FindAsync(db, catalog, run.WorkflowKey, run.StepKey, ct);
            profile = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Key == run.AgentProfileKey, ct);
            examples = await db.Set<GoldenExample>().AsNoTracking().Where(e => e.WorkflowKey == run.WorkflowKey && e.StepKey == run.StepKey)
                .OrderBy(e => e.Id).ToListAsync(ct);
        }
        if (step is null || profile is null || examples.Count == 0)
            return await FinishAsync(runId, r => r.Failure = step is null ? PublishedStep.Missing(run.WorkflowKey, run.StepKey)
                : profile is null ? $"Agent profile '{run.AgentProfileKey}' no longer exists." : "The golden set is empty.", ct);

        var results = new ConcurrentDictionary<long, (GoldenExampleResult Result, decimal Cost)>();
        await Parallel.ForEachAsync(examples, new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(profile.MaxConcurrency, 1, MaxParallel), CancellationToken = ct },
            async (example, token) =>
            {
                // A simulated agent answers from ground truth, here the expected output; real agents ignore it.
                var truth = new JsonObject { [step.Key] = example.Expected };
                var request = new AgentRequest(GoldenTaskId(runId, example.Id), 1, step, example.Input, profile, truth);
                var (answer, failure, _) = await agents.AskAsync(request, token);
                var expected = example.Expected;
                var fields = step.Outputs.Select(o => o.Key).Where(expected.ContainsKey).ToList();
                var matches = OutputMatch.Fields(fields, expected, answer?.Output);
                var result = new GoldenExampleResult(example.Id, answer?.Output, answer?.Confidence, matches.Count > 0 && matches.Values.All(m => m),
                    matches.Where(m => !m.Value).Select(m => m.Key).ToList(), failure);
                results[example.Id] = (result, answer is null ? 0 : answer.Cost ?? profile.CallCost(answer.Tokens));
            });

        var ordered = examples.Select(e => results[e.Id]).ToList();
        var score = MatchScore.Of(step.Outputs.Select(o => o.Key).ToList(),
            examples.Select(e => (e.Expected, results[e.Id].Result.Output)));
        return await FinishAsync(runId, r =>
        {
            r.Examples = score.Overall.Trials;
            r.Correct = score.Overall.Successes;
            r.Low = score.Overall.Low;
            r.High = score.Overall.High;
            r.FieldsJson = DomainJson.Serialize(score.Fields);
            r.ResultsJson = DomainJson.Serialize(ordered.Select(o => o.Result));
            r.Cost = ordered.Sum(o => o.Cost);
        }, ct);
    }

    private async Task<GoldenRun?> FinishAsync(long runId, Action<GoldenRun> fill, CancellationToken ct) =>
        (await store.WriteAsync<GoldenRun>(async (db, effects) =>
        {
            var run = await db.Set<GoldenRun>().SingleAsync(r => r.Id == runId, ct);
            fill(run);
            run.Status = run.Failure is null ? GoldenRunStatus.Finished : GoldenRunStatus.Failed;
            run.FinishedAt = store.Now;
            db.Record(store.Now, Actor.System, "golden.run-finished", "step", $"{run.WorkflowKey}/{run.StepKey}",
                after: new { run = run.Id, agent = run.AgentProfileKey, version = run.AgentVersion, run.Status, run.Correct, run.Examples, run.Low, run.High, run.Failure });
            effects.Events.Add(new Live.LiveEvent(Live.LiveEvent.Kinds.PolicyChanged, run.WorkflowKey, run.StepKey, null, null, "golden-run"));
            return WorkResult<GoldenRun>.Ok(run);
        }, ct)).Value;

    /// <summary>A stable id per run and example, so a seeded agent answers the same example the same way within a run.</summary>
    private static Guid GoldenTaskId(long runId, long exampleId)
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), runId);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), exampleId);
        return new Guid(bytes);
    }
}

public sealed class GoldenRunJob(ExecuteGoldenRun execute)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(long runId, CancellationToken ct) => execute.HandleAsync(runId, ct);
}
