using System.Diagnostics;

namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>
/// An app of its own with a short demo history (four weeks of 30 cases each) written before the tests start, for the
/// flows that need a past: labelled work for the learning agent, reviews to measure it by.
/// </summary>
public sealed class DemoHistoryAppFixture : AppFixture
{
    private static readonly TimeSpan HistoryTimeout = TimeSpan.FromMinutes(3);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo__Backfill__Enabled"] = "true", ["Demo__Backfill__Weeks"] = "4", ["Demo__Backfill__CasesPerWeek"] = "30",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var watch = Stopwatch.StartNew();
        while (!Server.Output.Contains("Demo history written"))
        {
            Server.EnsureRunning();
            if (watch.Elapsed > HistoryTimeout)
                throw new TimeoutException($"The demo history was not written within {HistoryTimeout.TotalMinutes:0} min. Output:\n{Server.Output}");
            await Task.Delay(250);
        }
    }
}
