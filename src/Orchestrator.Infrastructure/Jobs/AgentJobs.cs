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

/// <summary>Runs an agent task. Retries live inside <see cref="RunAgentTask"/>, against our own task state, not Hangfire's.</summary>
public sealed class RunAgentTaskJob(RunAgentTask run, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid taskId, CancellationToken ct)
    {
        if (await run.HandleAsync(taskId, ct) == AgentRunOutcome.Busy)
            jobs.Schedule<RunAgentTaskJob>(j => j.RunAsync(taskId, CancellationToken.None), TimeSpan.FromSeconds(2));
    }
}

public sealed class SweepLeasesJob(SweepLeases sweep)
{
    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(60)]
    public Task RunAsync(CancellationToken ct) => sweep.HandleAsync(ct);
}
