using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality;

/// <summary>
/// Takes this period's completed agent outputs under review at each step's sample rate, per stratum (step × agent
/// profile × version), and queues a review task for each in the reviewers' queue. A task is never sampled twice: the
/// review row is unique per reviewed task, and the whole run is one transaction, so two runs at once cannot both take it.
/// </summary>
public sealed class SampleCompletedTasks(WorkStore store, WorkflowCatalog catalog, WorkOptions work, QualityOptions options)
{
    /// <summary>Returns the number of review tasks queued.</summary>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        try
        {
            var result = await store.WriteAsync<int>(async (db, effects) =>
            {
                var now = store.Now;
                var from = options.PeriodStart(now);
                var completed = await db.Tasks.AsNoTracking()
                    .Where(t => t.Kind == TaskKind.Step && t.Status == WorkTaskStatus.Completed && t.CompletedAt >= from
                                && t.AgentProfileKey != null && t.CompletedBy == t.AgentProfileKey)
                    .Select(t => new { t.Id, t.WorkflowKey, t.StepKey, t.WorkflowVersionId, Agent = t.AgentProfileKey! }).ToListAsync(ct);
                if (completed.Count == 0) return Ok(0);
                var sampled = await db.QualityReviews.AsNoTracking().Where(r => r.AgentCompletedAt >= from)
                    .Select(r => new { r.ReviewedTaskId, r.WorkflowKey, r.StepKey, r.AgentProfileKey, r.AgentVersion }).ToListAsync(ct);
                var taken = sampled.Select(s => s.ReviewedTaskId).ToHashSet();
                var versions = await db.AgentProfiles.AsNoTracking().ToDictionaryAsync(a => a.Key, a => a.ModelVersion, ct);
                var overrides = await StepPolicies.AllAsync(db, ct);
                var queued = 0;
                foreach (var stratum in completed.GroupBy(t => (t.WorkflowKey, t.StepKey, t.Agent)))
                {
                    var agentVersion = versions.GetValueOrDefault(stratum.Key.Agent, "");
                    var step = (await catalog.VersionAsync(db, stratum.First().WorkflowVersionId, ct)).Step(stratum.Key.StepKey);
                    var oversight = overrides.GetValueOrDefault((stratum.Key.WorkflowKey, stratum.Key.StepKey))?.Oversight ?? step.Staffing.Oversight;
                    if (oversight != Oversight.Sampled) continue;
                    var already = sampled.Count(s => s.WorkflowKey == stratum.Key.WorkflowKey && s.StepKey == stratum.Key.StepKey
                                                     && s.AgentProfileKey == stratum.Key.Agent && s.AgentVersion == agentVersion);
                    var toTake = SamplingPlan.ToTake(step.Quality.SampleRate, step.Quality.MinimumSamples, stratum.Count(), already);
                    var picks = stratum.Where(t => !taken.Contains(t.Id)).OrderBy(_ => Random.Shared.Next()).Take(toTake).Select(t => t.Id).ToList();
                    if (picks.Count == 0) continue;
                    var reason = $"Quality sample: {step.Quality.SampleRate:P0} of {stratum.Key.Agent} v{agentVersion} at {step.Name}";
                    foreach (var reviewed in await db.Tasks.Where(t => picks.Contains(t.Id)).ToListAsync(ct))
                    {
                        var review = WorkTask.CreateReview(reviewed, work.ReviewerSkill, work.ReviewSlaMinutes, reason, now);
                        db.Tasks.Add(review);
                        db.QualityReviews.Add(QualityReview.Create(reviewed, review, agentVersion, ReviewSource.Sampled, now));
                        effects.Events.Add(TaskEvents.Changed(review));
                        queued++;
                    }
                    db.Record(now, Actor.System, "quality.sampled", "step", $"{stratum.Key.WorkflowKey}/{stratum.Key.StepKey}",
                        after: new { Agent = stratum.Key.Agent, Version = agentVersion, Sampled = picks.Count, Completed = stratum.Count(), Already = already },
                        reason: reason);
                }
                return Ok(queued);
            }, ct);
            return result.Value;
        }
        catch (DbUpdateException)
        {
            // Another sampler run committed a review of the same task first; the unique index refused ours. Next run catches up.
            return 0;
        }
    }

    private static WorkResult<int> Ok(int count) => WorkResult<int>.Ok(count);
}
