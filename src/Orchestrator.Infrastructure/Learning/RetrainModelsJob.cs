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
        train.HandleAsync(new Actor(Domain.Audit.ActorKind.User, requestedBy, requestedBy), profileKey, workflowKey, stepKey, ct);
}

/// <summary>Asks for a retraining run in the background (the Retrain button); the run's result lands in the audit trail and on the page.</summary>
public sealed class RequestRetrain(IBackgroundJobClient jobs)
{
    public string Handle(Actor actor, string profileKey, string workflowKey, string stepKey) =>
        jobs.Enqueue<RetrainModelsJob>(j => j.RunAsync(profileKey, workflowKey, stepKey, actor.Name, CancellationToken.None));
}
