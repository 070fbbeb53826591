using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Jobs;

/// <summary>
/// Agent tasks are rows in our store, not jobs: dispatching them signals this process's queue drain, and enqueues a
/// drain job only when no drain runs here and none was enqueued a moment ago. A drain job left in Hangfire's storage
/// by a crash still runs after the restart, and the work sweeper dispatches again on start-up and every few seconds,
/// so waiting tasks never depend on a signal that was lost.
/// </summary>
public sealed class HangfireAgentDispatcher(IBackgroundJobClient jobs, AgentWorkSignal signal, TimeProvider clock) : IAgentDispatcher
{
    private static readonly TimeSpan EnqueuedRecently = TimeSpan.FromSeconds(5);
    private long _enqueuedAt = long.MinValue;

    public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default)
    {
        signal.Raise();
        if (signal.Draining) return Task.CompletedTask;
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _enqueuedAt);
        if (last != long.MinValue && clock.GetElapsedTime(last, now) < EnqueuedRecently) return Task.CompletedTask;
        if (Interlocked.CompareExchange(ref _enqueuedAt, now, last) == last) EnqueueDrain();
        return Task.CompletedTask;
    }

    public void EnqueueDrain() => jobs.Enqueue<DrainAgentQueueJob>(j => j.RunAsync(CancellationToken.None));

    /// <summary>A drain started: the next dispatch may enqueue again as soon as this one ends.</summary>
    public void DrainStarted() => Interlocked.Exchange(ref _enqueuedAt, long.MinValue);
}

/// <summary>
/// Works the agents' queue (<see cref="DrainAgentQueue"/>) for at most a minute, then hands over to a new job, so no
/// job outlives Hangfire's invisibility timeout. Retries live inside the run, against our own task state.
/// </summary>
public sealed class DrainAgentQueueJob(DrainAgentQueue drain, HangfireAgentDispatcher dispatcher, WorkOptions options)
{
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(1);

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        dispatcher.DrainStarted();
        if (await drain.RunAsync(options.AgentRunsInFlight, Budget, ct) is null) dispatcher.EnqueueDrain();
    }
}

/// <summary>Runs one named agent task: the job of earlier versions, one per task, which a storage may still hold.</summary>
public sealed class RunAgentTaskJob(RunAgentTask run)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid taskId, CancellationToken ct) => run.HandleAsync(taskId, ct);
}

/// <summary>
/// Starts a queue drain here when another instance leaves agent tasks waiting and none runs here, so that every
/// instance of a cluster takes its share of the agents' work (<see cref="DrainPeers"/>). The drain runs in this
/// process, not as a job: a job could be fetched by the instance that already drains.
/// </summary>
public sealed class ClusterDrainStarter(DrainPeers peers, AgentWorkSignal signal, DrainAgentQueue drain, WorkOptions options,
    ILogger<ClusterDrainStarter> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        peers.WorkWaitingElsewhere += OnWorkWaitingElsewhere;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(stoppingToken);
                try
                {
                    while (await drain.RunAsync(options.AgentRunsInFlight, DrainAgentQueueJob.Budget, stoppingToken) is null) { }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
                catch (Exception ex) { logger.LogWarning(ex, "Agent queue drain failed; the work sweeper starts another"); }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally { peers.WorkWaitingElsewhere -= OnWorkWaitingElsewhere; }
    }

    private void OnWorkWaitingElsewhere()
    {
        signal.Raise();
        if (signal.Draining) return;
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // a wake-up is already pending
    }
}
