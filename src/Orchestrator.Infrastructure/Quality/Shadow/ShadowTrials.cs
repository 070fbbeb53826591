using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality.Shadow;

/// <summary>
/// An orchestrator starts, changes or stops a step's shadow trial (challenger and share), or promotes the challenger:
/// it becomes the step's allowed agent through the same staffing change as the board's, and the trial ends. All audited,
/// the promotion with the agreement it was based on.
/// </summary>
public sealed class ShadowTrials(WorkStore store, WorkflowCatalog catalog, ChangeStaffing staffing, ShadowQueries queries)
{
    public Task<WorkResult<ShadowTrial>> SetAsync(Actor actor, string workflowKey, string stepKey, string challengerKey, int sharePercent, CancellationToken ct = default) =>
        store.WriteAsync<ShadowTrial>(async (db, effects) =>
        {
            var step = await PublishedStep.FindAsync(db, catalog, workflowKey, stepKey, ct);
            if (step is null) return WorkResult<ShadowTrial>.NotFound(PublishedStep.Missing(workflowKey, stepKey));
            var errors = new List<FieldError>();
            if (sharePercent is < 1 or > 100) errors.Add(new("sharePercent", "The shadow share must be between 1 and 100 percent."));
            var challenger = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(a => a.Key == challengerKey, ct);
            if (challenger is null) errors.Add(new("challenger", $"No agent profile has the key '{challengerKey}'."));
            else if (challenger.Kind == AgentKind.ExternalPull) errors.Add(new("challenger", $"{challenger.Name} pulls its tasks through the API; it cannot be called in the shadow."));
            else if (challenger.Status != AgentStatus.Active) errors.Add(new("challenger", $"{challenger.Name} is {challenger.Status.ToString().ToLowerInvariant()}."));
            else if (step.Staffing.AllowedAgents.Contains(challenger.Key)) errors.Add(new("challenger", $"{challenger.Name} already serves step {step.Name}; a challenger must be another profile."));
            else if (challenger.Kind == AgentKind.Learning && LearningTargets.WhyNot(step, challenger.Key) is { } why) errors.Add(new("challenger", why));
            if (errors.Count > 0) return WorkResult<ShadowTrial>.Invalid(errors);

            var trial = await db.Set<ShadowTrial>().SingleOrDefaultAsync(t => t.WorkflowKey == workflowKey && t.StepKey == stepKey, ct);
            var before = trial is null ? null : new { trial.ChallengerKey, trial.SharePercent };
            if (trial is null || trial.ChallengerKey != challengerKey)
            {
                if (trial is not null) db.Remove(trial);
                trial = new ShadowTrial { WorkflowKey = workflowKey, StepKey = stepKey, ChallengerKey = challengerKey, StartedBy = actor.Name, StartedAt = store.Now, ScannedUntil = store.Now };
                db.Set<ShadowTrial>().Add(trial);
            }
            trial.SharePercent = sharePercent;
            db.Record(store.Now, actor, "quality.shadow-set", "step", $"{workflowKey}/{stepKey}", before, new { trial.ChallengerKey, trial.SharePercent });
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.PolicyChanged, workflowKey, stepKey, null, null, "shadow"));
            return WorkResult<ShadowTrial>.Ok(trial);
        }, ct);

    public Task<WorkResult<ShadowTrial>> StopAsync(Actor actor, string workflowKey, string stepKey, CancellationToken ct = default) =>
        EndAsync(actor, workflowKey, stepKey, "quality.shadow-stopped", null, null, ct);

    /// <summary>Makes the challenger the step's serving agent (the only allowed one) and ends the trial.</summary>
    public async Task<WorkResult<ShadowTrial>> PromoteAsync(Actor actor, string workflowKey, string stepKey, CancellationToken ct = default)
    {
        ShadowTrial? trial;
        Domain.Workflows.StepDefinition? step;
        await using (var db = await store.ReadAsync(ct))
        {
            trial = await db.Set<ShadowTrial>().AsNoTracking().SingleOrDefaultAsync(t => t.WorkflowKey == workflowKey && t.StepKey == stepKey, ct);
            step = await PublishedStep.FindAsync(db, catalog, workflowKey, stepKey, ct);
        }
        if (trial is null || step is null) return WorkResult<ShadowTrial>.NotFound($"Step '{stepKey}' of '{workflowKey}' has no challenger in the shadow.");
        var evidence = (await queries.AgreementAsync(ct)).FirstOrDefault(a => a.WorkflowKey == workflowKey && a.StepKey == stepKey && a.Challenger == trial.ChallengerKey && a.IsCurrentVersion);
        if (evidence is null || !evidence.Agreement.WithChampion.IsMeasured)
            return WorkResult<ShadowTrial>.Refused("shadow.no-evidence", $"{trial.ChallengerKey} has not answered any task in the shadow yet: there is nothing to promote it on.");

        var previous = step.Staffing;
        var changed = await staffing.HandleAsync(actor, workflowKey, stepKey, previous with { AllowedAgents = [trial.ChallengerKey] }, ct);
        if (!changed.Succeeded) return WorkResult<ShadowTrial>.From(changed);
        var a = evidence.Agreement;
        return await EndAsync(actor, workflowKey, stepKey, "quality.challenger-promoted", new { previous.AllowedAgents },
            new
            {
                Challenger = trial.ChallengerKey, Version = evidence.Version, a.Runs, a.Failed,
                WithChampion = Numbers(a.WithChampion), WithReviewers = Numbers(a.WithReviewers), ChampionWithReviewers = Numbers(a.ChampionWithReviewers),
                AllowedAgents = new[] { trial.ChallengerKey },
            }, ct);
    }

    private static object Numbers(Domain.Quality.Proportion p) => new { p.Successes, p.Trials, p.Value, p.Low, p.High };

    private Task<WorkResult<ShadowTrial>> EndAsync(Actor actor, string workflowKey, string stepKey, string action, object? before, object? evidence, CancellationToken ct) =>
        store.WriteAsync<ShadowTrial>(async (db, effects) =>
        {
            var trial = await db.Set<ShadowTrial>().SingleOrDefaultAsync(t => t.WorkflowKey == workflowKey && t.StepKey == stepKey, ct);
            if (trial is null) return WorkResult<ShadowTrial>.NotFound($"Step '{stepKey}' of '{workflowKey}' has no challenger in the shadow.");
            db.Remove(trial);
            db.Record(store.Now, actor, action, "step", $"{workflowKey}/{stepKey}", before ?? new { trial.ChallengerKey, trial.SharePercent }, evidence);
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.PolicyChanged, workflowKey, stepKey, null, null, "shadow"));
            return WorkResult<ShadowTrial>.Ok(trial);
        }, ct);
}
