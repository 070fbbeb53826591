using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>A learning agent at one step of a published workflow.</summary>
public sealed record LearningStep(string ProfileKey, string WorkflowKey, string WorkflowName, StepDefinition Step);

/// <summary>Where learning agents learn: the steps their settings name and the steps whose staffing allows them.</summary>
public sealed class LearningSteps(IDbContextFactory<OrchestratorDbContext> contexts, WorkflowCatalog catalog)
{
    public async Task<IReadOnlyList<LearningStep>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var profiles = await db.AgentProfiles.AsNoTracking().Where(p => p.Kind == AgentKind.Learning && p.Status != AgentStatus.Retired).ToListAsync(ct);
        if (profiles.Count == 0) return [];
        var overrides = await StepPolicies.AllAsync(db, ct);
        var result = new List<LearningStep>();
        foreach (var workflowKey in await db.Workflows.AsNoTracking().Select(w => w.Key).ToListAsync(ct))
        {
            if (await catalog.LatestPublishedAsync(db, workflowKey, ct) is not { } published) continue;
            foreach (var step in published.Version.Steps.Where(LearningTargets.CanLearn))
            {
                var staffing = overrides.TryGetValue((workflowKey, step.Key), out var live) ? live : step.Staffing;
                foreach (var profile in profiles)
                {
                    var named = LearningSettings.Parse(profile.SettingsJson).NamedSteps().Contains((workflowKey, step.Key));
                    if (named || staffing.AllowedAgents.Contains(profile.Key))
                        result.Add(new LearningStep(profile.Key, workflowKey, published.Workflow.Name, step));
                }
            }
        }
        return result;
    }
}
