using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Economics;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>The queue drain: many agent tasks started together and ended together, each judged on its own.</summary>
public sealed class DrainAgentQueueTests
{
    private static readonly decimal Cost500 = Costs.AgentCallCost(AgentTestHost.CostPerCall, 500, AgentTestHost.CostPer1k);

    [Fact]
    public async Task A_drain_runs_every_waiting_task_once_under_the_agents_cap_and_judges_each_on_its_own()
    {
        await using var host = await AgentTestHost.StartAsync(maxConcurrency: 3, threshold: 0.8);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++) ids.Add(await host.OpenCaseAsync(i));
        // odd cases answer under the threshold: they escalate, the others complete, in the same batches
        host.Adapter.Behavior = async (request, _, ct) =>
        {
            await Task.Delay(20, ct);
            return Answers.Valid(request.Input["n"]!.GetValue<int>() % 2 == 1 ? 0.3 : 0.95);
        };

        var ended = await host.Services.GetRequiredService<DrainAgentQueue>().RunAsync(maxInFlight: 64, TimeSpan.FromMinutes(1));

        Assert.Equal(12, ended);
        Assert.Equal(12, host.Adapter.Calls);
        Assert.InRange(host.Adapter.MaxInFlight, 2, 3); // the agent's cap, not the drain's
        for (var i = 0; i < ids.Count; i++)
        {
            var task = await host.TaskAsync(ids[i]);
            Assert.Equal(1, task.Attempt);
            Assert.Equal(Cost500, task.AgentCost);
            var @case = await host.CaseOfAsync(ids[i]);
            if (i % 2 == 1)
            {
                Assert.Equal(WorkTaskStatus.Escalated, task.Status);
                Assert.Contains("under the step's threshold", task.EscalationReason);
                Assert.Equal(CaseStatus.Open, @case.Status);
            }
            else
            {
                Assert.Equal(WorkTaskStatus.Completed, task.Status);
                Assert.Equal(CaseStatus.Completed, @case.Status);
                Assert.Equal(Cost500, @case.AgentCost);
            }
        }
        await using var db = await host.DbAsync();
        Assert.Equal(6, await db.AuditEvents.CountAsync(e => e.Action == "task.escalated"));
        Assert.Equal(6, await db.AuditEvents.CountAsync(e => e.Action == "case.completed"));
    }

    [Fact]
    public async Task A_drain_sends_tasks_of_a_paused_agent_to_humans_without_calling_it_and_a_second_drain_finds_nothing()
    {
        await using var host = await AgentTestHost.StartAsync();
        var ids = new[] { await host.OpenCaseAsync(1), await host.OpenCaseAsync(2) };
        await using (var db = await host.DbAsync())
            await db.AgentProfiles.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Orchestrator.Domain.Agents.AgentStatus.Paused));

        var drain = host.Services.GetRequiredService<DrainAgentQueue>();
        Assert.Equal(0, await drain.RunAsync(64, TimeSpan.FromMinutes(1)));

        Assert.Equal(0, host.Adapter.Calls);
        foreach (var id in ids)
        {
            var task = await host.TaskAsync(id);
            Assert.Equal(WorkTaskStatus.Escalated, task.Status);
            Assert.Equal(TaskRoute.Human, task.Route);
            Assert.Contains("paused", task.EscalationReason);
        }
        Assert.Equal(0, await drain.RunAsync(64, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, host.Adapter.Calls);
    }
}
