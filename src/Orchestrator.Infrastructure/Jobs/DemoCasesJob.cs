using Hangfire;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Jobs;

/// <summary>The living demo: a few new claims arrive every minute, so a newcomer sees work flowing.</summary>
public sealed class DemoCasesJob(OpenCase openCase, DemoHistory history, DemoOptions options, TimeProvider clock)
{
    public const string Id = "demo-new-cases";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(50)]
    public async Task RunAsync(CancellationToken ct)
    {
        if (await history.IsPendingAsync(ct)) return; // today's cases start after the history is written
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new DemoClaims((int)(now.Ticks / TimeSpan.TicksPerMinute % int.MaxValue));
        for (var i = 0; i < options.CasesPerMinute; i++)
        {
            var (payload, truth) = claims.Next();
            // The minute and the index make the external id, so a job that runs twice opens no duplicates.
            await openCase.HandleAsync(new OpenCaseRequest(AutoClaimsWorkflow.Key, $"live-{now:yyyyMMddHHmm}-{i}", i == 0 && now.Minute % 10 == 0 ? 50 : 0, payload, truth), Actor.System, ct);
        }
    }
}
