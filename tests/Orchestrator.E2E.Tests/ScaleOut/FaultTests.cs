using Orchestrator.E2E.Tests.Flows;
using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>
/// The cluster under faults: Redis restarted, PostgreSQL restarted, one instance killed with SIGKILL, each while agent
/// runs are in flight and a person on each instance has the queue open. After each: nothing done twice, every case
/// moves on, the people see live changes again, and the instances report healthy.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(FaultCluster cluster) : IAsyncLifetime
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);
    private WorkLedger Ledger => new(cluster.Database);

    public Task InitializeAsync() => cluster.EnsureBothRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RedisRestart_MidRun_BackplaneReconnects_AndNoWorkIsLostOrDoneTwice()
    {
        var (anaQueue, benQueue) = await OpenQueuesAsync(cluster.A, cluster.B);
        var cases = await OpenCasesWithAgentsInFlightAsync("redis");

        await cluster.Redis.RestartAsync(down: TimeSpan.FromSeconds(2));

        await Task.WhenAll(FaultCluster.WaitHealthyAsync(cluster.A, Recovery), FaultCluster.WaitHealthyAsync(cluster.B, Recovery));
        await cluster.WaitForLiveSubscribersAsync(instances: 2, Recovery);
        // The pages kept their circuits (Redis carries only events between instances), and events flow again.
        await CrossInstance.ClaimLeavesTheOtherQueueWithinASecondAsync(anaQueue, benQueue);
        await Ledger.WaitUntilEveryCaseMovedOnAsync(cases, Recovery);
        await Ledger.AssertNothingDoneTwiceAsync();
    }

    /// <remarks>
    /// A server of the test's own (<see cref="OwnPostgres"/>) is stopped (fast shutdown: every session cut off) and
    /// started again, rather than only terminating the app's sessions: the instances must also live through a spell
    /// with no database at all.
    /// </remarks>
    [Fact]
    public async Task PostgresRestart_MidRun_EveryCaseMovesOn_NothingDoneTwice_AndPagesShowLiveStateAgain()
    {
        var (anaQueue, benQueue) = await OpenQueuesAsync(cluster.A, cluster.B);
        var cases = await OpenCasesWithAgentsInFlightAsync("postgres");

        await cluster.Postgres.RestartAsync(down: TimeSpan.FromSeconds(3));

        await Task.WhenAll(FaultCluster.WaitHealthyAsync(cluster.A, Recovery), FaultCluster.WaitHealthyAsync(cluster.B, Recovery));
        await Ledger.WaitUntilEveryCaseMovedOnAsync(cases, Recovery);
        await Ledger.AssertNothingDoneTwiceAsync();
        // A page whose circuit hit the outage may have ended; a reload (what a person does) shows the live state.
        await Task.WhenAll(anaQueue.OpenAsync(), benQueue.OpenAsync());
        await CrossInstance.ClaimLeavesTheOtherQueueWithinASecondAsync(benQueue, anaQueue);
    }

    /// <remarks>
    /// Blazor circuits live in one process, so a page on the killed instance cannot move: it shows Blazor's reconnect
    /// dialog, and the person goes to the surviving instance (as a load balancer would send a reload), where the
    /// sign-in still holds and the queue is live.
    /// </remarks>
    [Fact]
    public async Task KillMinus9_OneInstance_PagesMoveToTheSurvivor_ItsRunsArePickedUp_NothingDoneTwice()
    {
        var (anaQueue, benQueue) = await OpenQueuesAsync(cluster.A, cluster.B);
        var cases = await OpenCasesWithAgentsInFlightAsync("kill", on: cluster.A);

        cluster.A.KillHard();

        // Blazor's own reconnect dialog ("Rejoining the server...", then "Rejoin failed... trying again").
        await Expect(anaQueue.Page.GetByText(new System.Text.RegularExpressions.Regex("^Rejoin"))).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await anaQueue.OpenAsync(on: cluster.B.BaseUrl);
        Assert.Equal(cluster.B.BaseUrl.Port, new Uri(anaQueue.Page.Url).Port);
        // Both pages are on B now: this asserts they are live, not how fast (B is busy taking over A's work).
        await CrossInstance.ClaimLeavesTheOtherQueueWithinASecondAsync(anaQueue, benQueue, withinMs: 5000);

        // The runs A had started come back when their lease ends, and B finishes them; the queue drain job A had
        // fetched is run by B after Hangfire's invisibility timeout.
        await Ledger.WaitUntilEveryCaseMovedOnAsync(cases, FaultCluster.AgentLease + Recovery);
        await Ledger.WaitUntilNoJobIsUnfinishedAsync(FaultCluster.InvisibilityTimeout + Recovery);
        await Ledger.AssertNothingDoneTwiceAsync();
        await FaultCluster.WaitHealthyAsync(cluster.B, Recovery);
    }

    private async Task<(QueuePage Ana, QueuePage Ben)> OpenQueuesAsync(AppServer anaOn, AppServer benOn)
    {
        var ana = new QueuePage(await cluster.SignInAsync(anaOn, DemoUsers.Ana));
        var ben = new QueuePage(await cluster.SignInAsync(benOn, DemoUsers.Ben));
        await Task.WhenAll(ana.OpenAsync(), ben.OpenAsync());
        return (ana, ben);
    }

    /// <summary>
    /// Opens claims through the API, in turn on each instance unless one is named, and waits until agent runs are in
    /// flight. One at a time: openings on both instances at once can be refused with 409 "changed" (see the report).
    /// </summary>
    private async Task<IReadOnlyList<Guid>> OpenCasesWithAgentsInFlightAsync(string prefix, AppServer? on = null)
    {
        const int Count = 16;
        var apis = (on is null ? new[] { cluster.A, cluster.B } : [on]).Select(s => new ConsoleApi(s.BaseUrl)).ToList();
        var opened = new List<Guid>();
        try
        {
            for (var n = 0; n < Count; n++) opened.Add((await apis[n % apis.Count].OpenClaimAsync($"{prefix}-{n}-{Guid.NewGuid():N}")).Id);
        }
        finally { apis.ForEach(a => a.Dispose()); }
        await WaitUntilAsync(async () => await Ledger.RunningAsync() > 0, TimeSpan.FromSeconds(10), "No agent run was in flight");
        return opened;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{failure} after {timeout.TotalSeconds:0} s.");
            await Task.Delay(100);
        }
    }
}
