using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Integration.Tests.Work;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>Two instances on one PostgreSQL database, each with its own queue drain, sharing one agent's work.</summary>
public sealed class ClusterDrainTests
{
    private const int Cap = 6;
    private const int Cases = 90;

    [Fact]
    public async Task A_second_instance_takes_a_share_of_the_agents_work_under_one_cap_and_every_task_runs_once()
    {
        await using var a = await AgentTestHost.StartAsync(maxConcurrency: Cap, postgres: await TestPostgres.CreateDatabaseAsync());
        await using var b = AgentTestHost.Join(a);
        var inFlight = 0;
        var most = 0;
        async Task<AgentAnswer> Slow(AgentRequest request, int call, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref most); now > seen; seen = Volatile.Read(ref most))
                if (Interlocked.CompareExchange(ref most, now, seen) == seen) break;
            try { await Task.Delay(40, ct); return Answers.Valid(0.95); }
            finally { Interlocked.Decrement(ref inFlight); }
        }
        a.Adapter.Behavior = Slow;
        b.Adapter.Behavior = Slow;
        await a.StartClusterAsync();
        await b.StartClusterAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < Cases; i++) ids.Add(await a.OpenCaseAsync(i));

        // Only the first instance is told: the second hears of the waiting work from it and joins.
        await a.Services.GetRequiredService<DrainAgentQueue>().RunAsync(maxInFlight: 64, TimeSpan.FromMinutes(1));
        await using var db = await a.DbAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await db.Tasks.CountAsync(t => ids.Contains(t.Id) && t.Status == WorkTaskStatus.Completed) < Cases && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var tasks = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync();
        Assert.All(tasks, t => Assert.Equal((WorkTaskStatus.Completed, 1), (t.Status, t.Attempt)));
        Assert.Equal(Cases, a.Adapter.Calls + b.Adapter.Calls);
        Assert.InRange(most, 2, Cap); // the agent's cap holds across both instances
        Assert.True(b.Adapter.Calls >= Cases / 5, $"the second instance ran {b.Adapter.Calls} of {Cases} runs");
        Assert.Equal(Cases, await db.AuditEvents.CountAsync(e => e.Action == "case.completed"));
    }
}
