using Hangfire;
using Orchestrator.Infrastructure.Quality;

namespace Orchestrator.Infrastructure.Jobs;

/// <summary>
/// The quality function's heartbeat: samples completed agent outputs into review tasks, then evaluates every step's
/// verdicts for breaches. Safe to run twice or on several instances at once: sampling is unique per reviewed task, and
/// a breach already acted on is not acted on again.
/// </summary>
public sealed class QualityJob(SampleCompletedTasks sample, EvaluateQuality evaluate)
{
    public const string Id = "quality-sampling";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(50)]
    public async Task RunAsync(CancellationToken ct)
    {
        await sample.HandleAsync(ct);
        await evaluate.AllAsync(ct);
    }
}
