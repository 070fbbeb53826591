using Hangfire;
using Microsoft.Extensions.Logging;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>
/// Retrains learning agents: every learning step on a schedule, or one step on demand (an orchestrator's Retrain button).
/// Safe to run twice: each run only adds a version (or nothing), and a run that fails leaves the champion serving.
/// </summary>
public sealed class RetrainModelsJob(LearningSteps steps, TrainStepModel train, Demo.DemoHistory history, ILogger<RetrainModelsJob> logger)
{
    public const string Id = "learning-retrain";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(600)]
    public async Task RunAllAsync(CancellationToken ct)
    {
        if (await history.IsPendingAsync(ct)) return; // the demo's history trains its own versions, on its own clock
        foreach (var target in await steps.AllAsync(ct))
        {
            var report = await train.HandleAsync(Actor.System, target.ProfileKey, target.WorkflowKey, target.Step.Key, ct);
            logger.LogInformation("Retrain {Profile} at {Workflow}/{Step}: {Message}", target.ProfileKey, target.WorkflowKey, target.Step.Key, report.Message);
        }
    }

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(600)]
    public Task<TrainingReport> RunAsync(string profileKey, string workflowKey, string stepKey, string requestedBy, CancellationToken ct) =>
        train.HandleAsync(requestedBy == Actor.System.Name ? Actor.System : new Actor(Domain.Audit.ActorKind.User, requestedBy, requestedBy), profileKey, workflowKey, stepKey, ct);
}

/// <summary>Asks for a retraining run in the background (the Retrain button); the run's result lands in the audit trail and on the page.</summary>
public sealed class RequestRetrain(IBackgroundJobClient jobs, LearningSteps steps)
{
    public string Handle(Actor actor, string profileKey, string workflowKey, string stepKey) =>
        jobs.Enqueue<RetrainModelsJob>(j => j.RunAsync(profileKey, workflowKey, stepKey, actor.Name, CancellationToken.None));

    /// <summary>
    /// The Retrain breach action: retrains the breached agent when it is a learning agent of the step, else every
    /// learning agent of the step. The candidates are challengers, promoted only as their profile's policy allows.
    /// Returns why nothing could be retrained, or null.
    /// </summary>
    public async Task<string?> ForStepAsync(Actor actor, string workflowKey, string stepKey, string breachedProfileKey, CancellationToken ct = default)
    {
        var learners = (await steps.AllAsync(ct)).Where(s => s.WorkflowKey == workflowKey && s.Step.Key == stepKey).ToList();
        if (learners.Any(s => s.ProfileKey == breachedProfileKey)) learners = [.. learners.Where(s => s.ProfileKey == breachedProfileKey)];
        if (learners.Count == 0) return $"No learning agent learns {workflowKey}/{stepKey}, so there is nothing to retrain.";
        foreach (var learner in learners) Handle(actor, learner.ProfileKey, workflowKey, stepKey);
        return null;
    }
}
