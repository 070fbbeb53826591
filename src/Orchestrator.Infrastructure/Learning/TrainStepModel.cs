using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Quality;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>
/// What one training run did, for the audit trail, the job log and the page. <see cref="Lead"/> is the challenger's
/// accuracy minus the champion's on the same held-out slice (null without a champion).
/// </summary>
public sealed record TrainingReport(bool Trained, string Message, int Examples, int IgnoredLabels, Guid? VersionId = null, int? Number = null,
    double? Accuracy = null, double? Ece = null, bool Promoted = false, double? Lead = null);

/// <summary>
/// Trains a challenger for one learning agent at one step on every labelled example so far, measures it (and the champion)
/// on the held-out slice, stores it as a new agent version, and promotes it when the profile allows automatic promotion
/// and it beats the champion by the margin with 95% confidence (or when nothing serves yet). Files are written whole
/// before the row commits; a run that fails leaves no version and the champion serving. Every run is audited.
/// </summary>
public sealed class TrainStepModel(WorkStore store, WorkflowCatalog catalog, ModelRegistry registry, ILogger<TrainStepModel> logger)
{
    public async Task<TrainingReport> HandleAsync(Actor actor, string profileKey, string workflowKey, string stepKey, CancellationToken ct = default)
    {
        var subject = $"{profileKey}/{workflowKey}/{stepKey}";
        Domain.Workflows.StepDefinition? step;
        AgentProfile? profile;
        List<LabelledExample> examples;
        ModelVersion? champion;
        DateTime? latestDataTo;
        int number;
        await using (var db = await store.ReadAsync(ct))
        {
            profile = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Key == profileKey, ct);
            var published = await catalog.LatestPublishedAsync(db, workflowKey, ct);
            step = published?.Version.Steps.FirstOrDefault(s => s.Key == stepKey);
            if (profile is null || profile.Kind != AgentKind.Learning || step is null)
                return await RecordAsync(actor, subject, new TrainingReport(false, $"No learning agent '{profileKey}' or no step '{workflowKey}/{stepKey}'.", 0, 0), ct);
            examples = await TrainingExamples.LoadAsync(db, workflowKey, stepKey, ct);
            champion = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ProfileKey == profileKey && v.WorkflowKey == workflowKey && v.StepKey == stepKey && v.Status == ModelVersionStatus.Champion, ct);
            var versions = db.ModelVersions.Where(v => v.ProfileKey == profileKey && v.WorkflowKey == workflowKey && v.StepKey == stepKey);
            number = 1 + (await versions.MaxAsync(v => (int?)v.Number, ct) ?? 0);
            latestDataTo = await versions.MaxAsync(v => (DateTime?)v.DataTo, ct);
        }
        // A scheduled run with nothing new to learn from would only add a copy of the last version.
        if (latestDataTo is { } last && examples.Count > 0 && examples.Max(e => e.At) <= last)
            return await RecordAsync(actor, subject, new TrainingReport(false, $"No labelled examples since v{number - 1} was trained; nothing to retrain.", examples.Count, 0), ct);
        var settings = LearningSettings.Parse(profile.SettingsJson);
        if (LearningTargets.WhyNot(step, profileKey) is { } whyNot)
            return await RecordAsync(actor, subject, new TrainingReport(false, whyNot, examples.Count, 0), ct);

        TrainedStepModel trained;
        int ignored;
        try { trained = await Task.Run(() => StepModelTrainer.Train(step, examples, settings, out ignored), ct); }
        catch (NotEnoughDataException ex) { return await RecordAsync(actor, subject, new TrainingReport(false, ex.Message, examples.Count, 0), ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Training {Subject} failed", subject);
            return await RecordAsync(actor, subject, new TrainingReport(false, $"Training failed ({ex.GetType().Name}: {ex.Message}); the champion keeps serving.", examples.Count, 0), ct);
        }

        var verdict = CompareWithChampion(champion, step, trained, examples, settings);
        var promote = champion is null ? settings.AutoPromote : settings.AutoPromote && verdict!.Better;
        var relative = ModelRegistry.RelativeFolder(profileKey, workflowKey, stepKey, number);
        var versionId = Guid.NewGuid();
        try
        {
            registry.Save(trained.Model, relative);
            var result = await store.WriteAsync<ModelVersion>(async (db, effects) =>
            {
                var now = store.Now;
                var version = ModelVersion.Create(versionId, profileKey, workflowKey, stepKey, number, trained.TrainingSize, trained.From, trained.To,
                    StepModelTrainer.TrainerName, trained.Metrics, trained.Model.Calibration, trained.Curve, trained.Ece,
                    LearningTargets.Fields(step).Select(f => f.Key).ToList(), trained.Model.Layout, relative, now);
                db.ModelVersions.Add(version);
                db.Record(now, actor, "model.trained", "model", $"{subject}/v{number}", after: new
                {
                    version.Number, version.TrainingSize, HeldOut = trained.Metrics.Tested, trained.Metrics.IgnoredLabels,
                    DataFrom = trained.From, DataTo = trained.To, version.Trainer, version.Accuracy, trained.Metrics.MajorityBaseline, version.Ece,
                    trained.Metrics.FieldAccuracy, trained.Metrics.TrainingSeconds,
                }, reason: verdict?.Reason ?? "The first model of this step.");
                if (promote) await PromoteModelVersion.ApplyAsync(db, version, Actor.System, verdict?.Reason ?? "The first model of this step; nothing was serving.", now, ct);
                effects.Events.Add(new LiveEvent(LiveEvent.Kinds.PolicyChanged, workflowKey, stepKey, null, null, "model"));
                return WorkResult<ModelVersion>.Ok(version);
            }, ct);
            if (!result.Succeeded) throw new InvalidOperationException(result.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            registry.Delete(relative);
            logger.LogWarning(ex, "Storing the model of {Subject} failed", subject);
            return await RecordAsync(actor, subject, new TrainingReport(false, $"Storing the new model failed ({ex.Message}); the champion keeps serving.", examples.Count, 0), ct);
        }
        var message = $"Trained v{number} on {trained.TrainingSize} examples: accuracy {trained.Metrics.Accuracy:P1} on {trained.Metrics.Tested} held out, calibration error {trained.Ece:F3}. "
            + (promote ? "Promoted to champion." : champion is null ? "Waiting for an orchestrator to promote it." : verdict!.Reason + (settings.AutoPromote ? "" : " Automatic promotion is off; an orchestrator decides."));
        return new TrainingReport(true, message, examples.Count, trained.Metrics.IgnoredLabels, versionId, number, trained.Metrics.Accuracy, trained.Ece, promote, verdict?.Difference);
    }

    /// <summary>The champion and the challenger on the same held-out slice (the champion never trained on it: slots are stable).</summary>
    private PromotionVerdict? CompareWithChampion(ModelVersion? champion, Domain.Workflows.StepDefinition step, TrainedStepModel challenger,
        IReadOnlyList<LabelledExample> examples, LearningSettings settings)
    {
        if (champion is null) return null;
        var fields = LearningTargets.Fields(step);
        var test = StepModelTrainer.HeldOutSlice(examples, settings).Where(e => fields.All(f => LearningTargets.Label(f, e.Output[f.Key]) is not null)).ToList();
        try
        {
            var (correct, tested) = StepModelTrainer.Measure(registry.Get(champion, step), fields, test);
            return Promotion.Compare(Proportion.Of(challenger.Metrics.Correct, challenger.Metrics.Tested), Proportion.Of(correct, tested), settings.PromotionMargin);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or IOException)
        {
            return new PromotionVerdict(true, 0, 0, $"The champion cannot be loaded ({ex.Message}), so the challenger replaces it.");
        }
    }

    private async Task<TrainingReport> RecordAsync(Actor actor, string subject, TrainingReport report, CancellationToken ct)
    {
        await store.WriteAsync<bool>((db, _) =>
        {
            db.Record(store.Now, actor, "model.not-trained", "model", subject, after: new { report.Examples, report.IgnoredLabels }, reason: report.Message);
            return Task.FromResult(WorkResult<bool>.Ok(true));
        }, ct);
        return report;
    }
}
