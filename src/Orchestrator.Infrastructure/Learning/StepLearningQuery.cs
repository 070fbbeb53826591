using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>
/// A step's learning as the Quality page shows it: the learning agent that learns it (none when <see cref="ProfileKey"/> is
/// null), its versions newest first, the data it needs before a first model, and why the last run trained nothing.
/// </summary>
public sealed record StepLearningView(string WorkflowKey, string StepKey, string? ProfileKey, bool CanRetrain, int MinPerClass,
    IReadOnlyList<ModelVersionView> Versions, string? LastNotTrained)
{
    public ModelVersionView? Champion => Versions.FirstOrDefault(v => v.Champion);
}

public sealed class StepLearningQuery(IDbContextFactory<OrchestratorDbContext> contexts, LearningSteps steps, ModelQueries models)
{
    /// <summary>
    /// The learning agent of the step: <paramref name="servingProfile"/> when it learns the step (the agent whose quality is
    /// in view), else the first learning agent of the step, else whichever agent's versions the step has.
    /// </summary>
    public async Task<StepLearningView> HandleAsync(string workflowKey, string stepKey, string? servingProfile, CancellationToken ct = default)
    {
        var learners = (await steps.AllAsync(ct)).Where(s => s.WorkflowKey == workflowKey && s.Step.Key == stepKey).Select(s => s.ProfileKey).ToList();
        var versions = await models.VersionsAsync(workflowKey, stepKey, ct);
        var known = learners.Concat(versions.Select(v => v.ProfileKey)).Distinct().ToList();
        var profile = known.Contains(servingProfile ?? "") ? servingProfile : known.FirstOrDefault();
        if (profile is null) return new StepLearningView(workflowKey, stepKey, null, false, 0, [], null);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var settings = await db.AgentProfiles.AsNoTracking().Where(p => p.Key == profile).Select(p => p.SettingsJson).FirstOrDefaultAsync(ct);
        var own = versions.Where(v => v.ProfileKey == profile).ToList();
        var subject = $"{profile}/{workflowKey}/{stepKey}";
        var lastNotTrained = own.Count > 0 ? null : await db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == "model.not-trained" && e.SubjectType == "model" && e.SubjectId == subject)
            .OrderByDescending(e => e.Id).Select(e => e.Reason).FirstOrDefaultAsync(ct);
        return new StepLearningView(workflowKey, stepKey, profile, learners.Contains(profile), LearningSettings.Parse(settings).MinPerClass, own, lastNotTrained);
    }
}
