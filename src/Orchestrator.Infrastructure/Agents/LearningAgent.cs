using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// The in-process learning agent: answers a step with its champion model (one ML.NET model per choice or yes/no output),
/// with the calibrated probability that the whole output is right as its confidence, so the step's threshold sends the
/// unsure cases to people. No champion yet, or one whose files cannot be read: the task goes to people, with the reason.
/// </summary>
public sealed class LearningAgent(IDbContextFactory<OrchestratorDbContext> contexts, ModelRegistry registry, ModelAlerts alerts) : AgentAdapter
{
    public override AgentKind Kind => AgentKind.Learning;

    public override async Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct)
    {
        ModelVersion? champion;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var workflowKey = await db.Tasks.AsNoTracking().Where(t => t.Id == request.TaskId).Select(t => t.WorkflowKey).SingleOrDefaultAsync(ct);
            champion = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ProfileKey == request.Profile.Key && v.WorkflowKey == workflowKey
                && v.StepKey == request.Step.Key && v.Status == ModelVersionStatus.Champion, ct);
        }
        if (champion is null)
            throw new AgentAnswerException($"learning agent {request.Profile.Key} has no trained model for '{request.Step.Name}' yet; people answer until it has one.");
        StepModel model;
        try { model = registry.Get(champion, request.Step); }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or IOException)
        {
            await alerts.MarkUnusableAsync(champion.Id, ex.Message, ct);
            throw new AgentAnswerException($"model v{champion.Number} of {request.Profile.Key} cannot serve: {ex.Message}");
        }
        var prediction = model.Predict(request.Input);
        return new AgentAnswer(prediction.Output, Math.Round(prediction.Confidence, 4), 0);
    }
}
