using Hangfire;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Jobs;

/// <summary>Enqueues one Hangfire job per agent task; the job takes the id, never the entity.</summary>
internal sealed class HangfireAgentDispatcher(IBackgroundJobClient jobs) : IAgentDispatcher
{
    public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default)
    {
        foreach (var id in taskIds) jobs.Enqueue<RunAgentTaskJob>(j => j.RunAsync(id, CancellationToken.None));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Runs an agent task. Retries live inside <see cref="RunAgentTask"/>, against our own task state, not Hangfire's.
/// A task whose agent is at its concurrency cap stays queued: a finishing run of that agent, or the work sweeper,
/// dispatches it when a slot frees, so waiting never multiplies jobs.
/// </summary>
public sealed class RunAgentTaskJob(RunAgentTask run)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid taskId, CancellationToken ct) => run.HandleAsync(taskId, ct);
}
