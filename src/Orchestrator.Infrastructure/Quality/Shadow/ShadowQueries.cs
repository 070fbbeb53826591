using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality.Shadow;

/// <summary>One challenger version's standing on one step, and the step's trial if it is still running.</summary>
public sealed record ShadowStanding(string WorkflowKey, string StepKey, string StepName, string Challenger, string Version, bool IsCurrentVersion,
    ShadowAgreement Agreement, decimal EvaluationCost, ShadowTrial? Trial);

public sealed class ShadowQueries(WorkStore store, WorkflowCatalog catalog)
{
    public async Task<IReadOnlyList<ShadowTrial>> TrialsAsync(CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        return await db.Set<ShadowTrial>().AsNoTracking().OrderBy(t => t.WorkflowKey).ThenBy(t => t.StepKey).ToListAsync(ct);
    }

    /// <summary>
    /// Agreement per step × challenger × version over every shadow run, with the Wilson interval of each share; running
    /// trials without runs yet are listed too.
    /// </summary>
    public async Task<IReadOnlyList<ShadowStanding>> AgreementAsync(CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        var trials = await db.Set<ShadowTrial>().AsNoTracking().ToListAsync(ct);
        var runs = await (from r in db.Set<ShadowRun>().AsNoTracking()
                          join t in db.Tasks.AsNoTracking() on r.TaskId equals t.Id
                          select new { r.WorkflowKey, r.StepKey, r.ChallengerKey, r.ChallengerVersion, r.OutputJson, r.Cost, r.TaskId, t.WorkflowVersionId, Champion = t.OutputJson })
                         .ToListAsync(ct);
        var taskIds = runs.Select(r => r.TaskId).Distinct().ToList();
        var reviews = await db.QualityReviews.AsNoTracking().Where(q => taskIds.Contains(q.ReviewedTaskId) && q.Passed != null)
            .Select(q => new { q.ReviewedTaskId, q.Passed, q.CorrectedOutputJson }).ToDictionaryAsync(q => q.ReviewedTaskId, ct);
        var versions = await db.AgentProfiles.AsNoTracking().ToDictionaryAsync(a => a.Key, a => a.ModelVersion, ct);

        var standings = new List<ShadowStanding>();
        foreach (var group in runs.GroupBy(r => (r.WorkflowKey, r.StepKey, r.ChallengerKey, r.ChallengerVersion)))
        {
            var step = (await catalog.VersionAsync(db, group.First().WorkflowVersionId, ct)).Step(group.Key.StepKey);
            var observations = group.Select(r =>
            {
                var champion = DomainJson.ParseObject(r.Champion);
                var reviewed = reviews.TryGetValue(r.TaskId, out var q)
                    ? ReviewedOutput.Of(q.Passed, q.CorrectedOutputJson is null ? null : DomainJson.ParseObject(q.CorrectedOutputJson), champion) : null;
                return new ShadowAgreement.Observation(r.OutputJson is null ? null : DomainJson.ParseObject(r.OutputJson), champion, reviewed);
            }).ToList();
            var trial = trials.FirstOrDefault(t => t.WorkflowKey == group.Key.WorkflowKey && t.StepKey == group.Key.StepKey && t.ChallengerKey == group.Key.ChallengerKey);
            standings.Add(new(group.Key.WorkflowKey, group.Key.StepKey, step.Name, group.Key.ChallengerKey, group.Key.ChallengerVersion,
                versions.GetValueOrDefault(group.Key.ChallengerKey) == group.Key.ChallengerVersion,
                ShadowAgreement.Of(step.Outputs.Select(o => o.Key).ToList(), observations), group.Sum(r => r.Cost), trial));
        }
        foreach (var trial in trials.Where(t => !standings.Any(s => s.Trial == t)))
        {
            var step = await PublishedStep.FindAsync(db, catalog, trial.WorkflowKey, trial.StepKey, ct);
            standings.Add(new(trial.WorkflowKey, trial.StepKey, step?.Name ?? trial.StepKey, trial.ChallengerKey, versions.GetValueOrDefault(trial.ChallengerKey) ?? "",
                true, ShadowAgreement.Of([], []), 0, trial));
        }
        return standings.OrderByDescending(s => s.Trial is not null).ThenBy(s => s.WorkflowKey).ThenBy(s => s.StepKey).ThenBy(s => s.Challenger).ThenBy(s => s.Version).ToList();
    }
}
