using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Economics;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>The escalation rules end to end: RunAgentTask → adapter → FinishAgentRun → case progress, on a real SQLite file.</summary>
public sealed class RunAgentTaskTests
{
    private static readonly decimal Cost500 = Costs.AgentCallCost(AgentTestHost.CostPerCall, 500, AgentTestHost.CostPer1k);

    [Fact]
    public async Task Confident_valid_answer_completes_the_task_and_the_case_with_the_agent_cost()
    {
        await using var host = await AgentTestHost.StartAsync();
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Completed, await host.Run.HandleAsync(id));

        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal(AgentTestHost.AgentKey, task.CompletedBy);
        Assert.Equal(1, task.Attempt);
        Assert.Equal(0.95, task.Confidence);
        Assert.Equal(500, task.Tokens);
        Assert.Equal(0.02m, Cost500);
        Assert.Equal(Cost500, task.AgentCost);
        Assert.Equal(42, task.Output!["amount"]!.GetValue<int>());
        Assert.False(task.WasEscalated);
        var @case = await host.CaseOfAsync(id);
        Assert.Equal(CaseStatus.Completed, @case.Status);
        Assert.Equal(Cost500, @case.AgentCost);
        Assert.Equal(1, @case.TasksCompleted);
        Assert.Equal(1, @case.AgentTasksCompleted);
        Assert.Equal(1, host.Adapter.Calls);
        var request = Assert.Single(host.Adapter.Requests);
        Assert.Equal(id, request.TaskId);
        Assert.Equal(1, request.Attempt);
        Assert.Equal(AgentTestHost.StepKey, request.Step.Key);
        Assert.Equal(1, request.Input["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cost_the_agent_reports_is_used_instead_of_the_profile_price()
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, _, _) => Task.FromResult(Answers.Valid(0.9, cost: 0.37m));
        var id = await host.OpenCaseAsync();
        Assert.Equal(AgentRunOutcome.Completed, await host.Run.HandleAsync(id));
        Assert.Equal(0.37m, (await host.TaskAsync(id)).AgentCost);
        Assert.Equal(0.37m, (await host.CaseOfAsync(id)).AgentCost);
    }

    [Fact]
    public async Task Confidence_under_the_threshold_escalates_with_the_reason_and_the_draft()
    {
        await using var host = await AgentTestHost.StartAsync(threshold: 0.8);
        host.Adapter.Behavior = (_, _, _) => Task.FromResult(Answers.Valid(0.55, amount: 17));
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));

        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Equal(TaskRoute.Human, task.Route);
        Assert.True(task.InHumanQueue);
        Assert.True(task.WasEscalated);
        Assert.Contains("threshold 0.80", task.EscalationReason);
        Assert.Contains("0.55", task.EscalationReason);
        Assert.Equal(17, task.Draft!["amount"]!.GetValue<int>());
        Assert.Null(task.OutputJson);
        Assert.Equal(0.55, task.Confidence);
        Assert.Equal(Cost500, task.AgentCost); // the call was paid for even though a person finishes it
        var @case = await host.CaseOfAsync(id);
        Assert.Equal(CaseStatus.Open, @case.Status);
        Assert.Equal(0, @case.TasksCompleted);
    }

    [Fact]
    public async Task Confidence_exactly_at_the_threshold_completes()
    {
        await using var host = await AgentTestHost.StartAsync(threshold: 0.8);
        host.Adapter.Behavior = (_, _, _) => Task.FromResult(Answers.Valid(0.8));
        var id = await host.OpenCaseAsync();
        Assert.Equal(AgentRunOutcome.Completed, await host.Run.HandleAsync(id));
    }

    [Theory]
    [InlineData("""{"approved":true,"amount":"lots"}""", "amount")]
    [InlineData("""{"amount":12}""", "approved")]
    public async Task Invalid_output_escalates_naming_the_field(string output, string field)
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, _, _) => Task.FromResult(new AgentAnswer((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(output)!, 0.99, 100));
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));

        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.StartsWith("Agent output is invalid", task.EscalationReason);
        Assert.Contains(field, task.EscalationReason);
        Assert.NotNull(task.DraftJson);
        Assert.Equal(CaseStatus.Open, (await host.CaseOfAsync(id)).Status);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task Meaningless_confidence_escalates(double confidence)
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, _, _) => Task.FromResult(Answers.Valid(confidence));
        var id = await host.OpenCaseAsync();
        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));
        Assert.Contains("not between 0 and 1", (await host.TaskAsync(id)).EscalationReason);
    }

    [Fact]
    public async Task Transient_errors_twice_then_success_completes_on_the_third_try()
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, call, _) => call < 3
            ? throw new AgentTransientException($"the endpoint answered 503 (call {call}).")
            : Task.FromResult(Answers.Valid(0.9));
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Completed, await host.Run.HandleAsync(id));

        Assert.Equal(3, host.Adapter.Calls);
        Assert.All(host.Adapter.Requests, r => Assert.Equal(1, r.Attempt)); // tries within one run share the attempt
        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal(1, task.Attempt);
        Assert.Equal(CaseStatus.Completed, (await host.CaseOfAsync(id)).Status);
    }

    [Fact]
    public async Task Transient_errors_every_time_escalate_after_3_tries()
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, _, _) => throw new AgentTransientException("no answer within 30 s.");
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));

        Assert.Equal(RunAgentTask.MaxTries, host.Adapter.Calls);
        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Contains("failed after 3 tries", task.EscalationReason);
        Assert.Contains("no answer within 30 s", task.EscalationReason);
        Assert.Equal(0m, task.AgentCost);
        Assert.Null(task.DraftJson);
    }

    [Fact]
    public async Task An_unusable_answer_escalates_at_once_with_its_draft()
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, _, _) => throw new AgentAnswerException("the answer has no numeric \"confidence\".",
            new System.Text.Json.Nodes.JsonObject { ["approved"] = false, ["amount"] = 3 });
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));

        Assert.Equal(1, host.Adapter.Calls); // not worth another try
        var task = await host.TaskAsync(id);
        Assert.Contains("unusable answer", task.EscalationReason);
        Assert.Equal(3, task.Draft!["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_adapter_that_throws_anything_else_escalates_without_crashing()
    {
        await using var host = await AgentTestHost.StartAsync();
        host.Adapter.Behavior = (_, _, _) => throw new InvalidOperationException("kaboom " + new string('z', 1000));
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));

        Assert.Equal(1, host.Adapter.Calls);
        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Contains("InvalidOperationException", task.EscalationReason);
        Assert.Contains("kaboom", task.EscalationReason);
        Assert.True(task.EscalationReason!.Length < 500, "the message is truncated");
    }

    [Fact]
    public async Task A_profile_kind_without_an_adapter_escalates()
    {
        await using var host = await AgentTestHost.StartAsync(kind: AgentKind.ChatModel); // only an Http adapter is installed
        var id = await host.OpenCaseAsync();
        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));
        Assert.Equal(0, host.Adapter.Calls);
        Assert.Contains("No adapter", (await host.TaskAsync(id)).EscalationReason);
    }

    [Fact]
    public async Task Running_the_same_task_twice_runs_the_agent_once()
    {
        await using var host = await AgentTestHost.StartAsync();
        var id = await host.OpenCaseAsync();

        Assert.Equal(AgentRunOutcome.Completed, await host.Run.HandleAsync(id));
        Assert.Equal(AgentRunOutcome.Skipped, await host.Run.HandleAsync(id));

        Assert.Equal(1, host.Adapter.Calls);
        var task = await host.TaskAsync(id);
        Assert.Equal(1, task.Attempt);
        Assert.Equal(Cost500, task.AgentCost);
        var @case = await host.CaseOfAsync(id);
        Assert.Equal(1, @case.TasksCompleted);
        Assert.Equal(Cost500, @case.AgentCost);
    }

    [Fact]
    public async Task Two_runs_of_one_task_at_the_same_moment_complete_it_once()
    {
        await using var host = await AgentTestHost.StartAsync(maxConcurrency: 10);
        host.Adapter.Behavior = async (_, _, ct) => { await Task.Delay(200, ct); return Answers.Valid(0.9); };
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await host.OpenCaseAsync(i));

        var outcomes = await Task.WhenAll(ids.SelectMany(id => Enumerable.Range(0, 3).Select(_ => Task.Run(() => host.Run.HandleAsync(id)))));

        Assert.Equal(5, outcomes.Count(o => o == AgentRunOutcome.Completed));
        Assert.Equal(10, outcomes.Count(o => o == AgentRunOutcome.Skipped));
        Assert.Equal(5, host.Adapter.Calls);
        foreach (var id in ids)
        {
            var @case = await host.CaseOfAsync(id);
            Assert.Equal(CaseStatus.Completed, @case.Status);
            Assert.Equal(1, @case.TasksCompleted);
            Assert.Equal(Cost500, @case.AgentCost);
        }
    }

    [Fact]
    public async Task A_run_that_lost_its_lease_changes_nothing_when_it_finally_answers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AgentTestHost.StartAsync(clock: clock, agentLease: TimeSpan.FromMinutes(5));
        var firstBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Adapter.Behavior = async (_, call, _) =>
        {
            if (call == 1) { firstBlocked.SetResult(); await releaseFirst.Task; return Answers.Valid(0.3, amount: 1); } // would escalate
            secondBlocked.SetResult(); await releaseSecond.Task; return Answers.Valid(0.9, amount: 2);
        };
        var id = await host.OpenCaseAsync();

        var first = Task.Run(() => host.Run.HandleAsync(id));
        await firstBlocked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WorkTaskStatus.Running, (await host.TaskAsync(id)).Status);

        clock.Advance(TimeSpan.FromMinutes(6)); // the first run's lease ends; the sweeper gives the task back to its agent
        Assert.Equal(1, await host.Services.GetRequiredService<SweepLeases>().HandleAsync());
        Assert.Equal(WorkTaskStatus.Queued, (await host.TaskAsync(id)).Status);
        Assert.Contains(id, host.Dispatcher.Dispatched.Skip(1)); // re-dispatched after the first routing

        var second = Task.Run(() => host.Run.HandleAsync(id)); // attempt 2
        await secondBlocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // the stale run answers while attempt 2 is running: it must neither escalate nor complete the task
        releaseFirst.SetResult();
        Assert.Equal(AgentRunOutcome.Skipped, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        var midway = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Running, midway.Status);
        Assert.Equal(2, midway.Attempt);
        Assert.False(midway.WasEscalated);

        releaseSecond.SetResult();
        Assert.Equal(AgentRunOutcome.Completed, await second.WaitAsync(TimeSpan.FromSeconds(10)));

        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal(2, task.Attempt);
        Assert.Equal(2, task.Output!["amount"]!.GetValue<int>());
        Assert.Equal(Cost500, task.AgentCost);
        var @case = await host.CaseOfAsync(id);
        Assert.Equal(1, @case.TasksCompleted);
        Assert.Equal(Cost500, @case.AgentCost);

        // and a late finish naming either attempt is ignored
        var finish = host.Services.GetRequiredService<FinishAgentRun>();
        await using (var db = await host.DbAsync())
        {
            var profile = await db.AgentProfiles.AsNoTracking().SingleAsync();
            Assert.Equal(AgentRunOutcome.Skipped, (await finish.HandleAsync(id, 1, profile, Answers.Valid(0.99, amount: 9), null, null)).Value);
            Assert.Equal(AgentRunOutcome.Skipped, (await finish.HandleAsync(id, 2, profile, Answers.Valid(0.99, amount: 9), null, null)).Value);
            Assert.Equal(AgentRunOutcome.Skipped, (await finish.HandleAsync(id, 2, profile, null, "late failure", null)).Value);
        }
        task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal(2, task.Output!["amount"]!.GetValue<int>());
        Assert.Equal(1, (await host.CaseOfAsync(id)).TasksCompleted);
    }

    [Fact]
    public async Task The_concurrency_cap_holds_when_many_runs_start_at_once()
    {
        await using var host = await AgentTestHost.StartAsync(maxConcurrency: 2);
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++) ids.Add(await host.OpenCaseAsync(i));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Adapter.Behavior = async (_, _, ct) => { await gate.Task; await Task.Delay(100, ct); return Answers.Valid(0.9); };
        host.Dispatcher.RunInline = id => host.Run.HandleAsync(id); // a finishing run hands its slot on, like the Hangfire job

        using var stop = new CancellationTokenSource();
        var maxRunning = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var db = await host.DbAsync();
                maxRunning = Math.Max(maxRunning, await db.Tasks.CountAsync(t => t.Status == WorkTaskStatus.Running));
                await Task.Delay(10);
            }
        });

        var firstWave = ids.Select(id => Task.Run(() => host.Run.HandleAsync(id))).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (firstWave.Count(t => t.IsCompleted) < 8 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(8, firstWave.Count(t => t.IsCompletedSuccessfully && t.Result == AgentRunOutcome.Busy));
        await using (var db = await host.DbAsync())
            Assert.Equal(2, await db.Tasks.CountAsync(t => t.Status == WorkTaskStatus.Running));
        Assert.Equal(2, host.Adapter.InFlight);

        gate.SetResult();
        deadline = DateTime.UtcNow.AddSeconds(30);
        int completed;
        do
        {
            await Task.Delay(50);
            await using var db = await host.DbAsync();
            completed = await db.Tasks.CountAsync(t => t.Status == WorkTaskStatus.Completed);
        } while (completed < 10 && DateTime.UtcNow < deadline);
        await Task.WhenAll(firstWave);
        await Task.WhenAll(host.Dispatcher.Runs);
        await stop.CancelAsync();
        await sampler;

        Assert.Equal(10, completed);
        Assert.InRange(maxRunning, 1, 2);
        Assert.Equal(2, host.Adapter.MaxInFlight);
        Assert.Equal(10, host.Adapter.Calls); // each task ran once
        await using (var db = await host.DbAsync())
        {
            Assert.Equal(10, await db.Cases.CountAsync(c => c.Status == CaseStatus.Completed));
            Assert.All(await db.Tasks.AsNoTracking().ToListAsync(), t => Assert.Equal(1, t.Attempt));
        }
    }

    [Fact]
    public async Task Pausing_an_agent_sends_its_waiting_tasks_to_humans_and_lets_runs_in_flight_finish()
    {
        await using var host = await AgentTestHost.StartAsync();
        var running = await host.OpenCaseAsync(0);
        var waiting = new[] { await host.OpenCaseAsync(1), await host.OpenCaseAsync(2), await host.OpenCaseAsync(3) };
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Adapter.Behavior = async (_, _, _) => { blocked.TrySetResult(); await release.Task; return Answers.Valid(0.9); };
        var inFlight = Task.Run(() => host.Run.HandleAsync(running));
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var paused = await host.Services.GetRequiredService<ControlAgent>().HandleAsync(Actor.System, AgentTestHost.AgentKey, AgentCommand.Pause, "quality dip");
        Assert.True(paused.Succeeded, paused.Message);

        foreach (var id in waiting)
        {
            var task = await host.TaskAsync(id);
            Assert.Equal(WorkTaskStatus.Escalated, task.Status);
            Assert.Equal(TaskRoute.Human, task.Route);
            Assert.Contains("paused", task.EscalationReason);
            // a job for it that runs late finds nothing to do
            Assert.Equal(AgentRunOutcome.Skipped, await host.Run.HandleAsync(id));
        }
        Assert.Equal(WorkTaskStatus.Running, (await host.TaskAsync(running)).Status);
        release.SetResult();
        Assert.Equal(AgentRunOutcome.Completed, await inFlight.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, host.Adapter.Calls);

        // new work for the step goes to humans while the agent is paused
        var result = await host.Services.GetRequiredService<OpenCase>().HandleAsync(
            new OpenCaseRequest(AgentTestHost.WorkflowKey, "after-pause", 0, new System.Text.Json.Nodes.JsonObject()), Actor.System);
        await using var db = await host.DbAsync();
        var fresh = await db.Tasks.AsNoTracking().SingleAsync(t => t.CaseId == result.Value!.Case.Id);
        Assert.Equal(TaskRoute.Human, fresh.Route);
        Assert.Contains("paused", fresh.RouteReason);
    }

    [Fact]
    public async Task A_queued_task_of_a_paused_agent_is_escalated_by_its_run_without_calling_the_agent()
    {
        // How a queued task of a paused agent arises: its run was cut off (crash), the agent was paused meanwhile,
        // and the lease ran out, so the sweeper put the task back in the agent's queue.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await AgentTestHost.StartAsync(clock: clock);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Adapter.Behavior = async (_, _, _) => { blocked.TrySetResult(); await release.Task; return Answers.Valid(0.9); };
        var id = await host.OpenCaseAsync();
        var lost = Task.Run(() => host.Run.HandleAsync(id));
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True((await host.Services.GetRequiredService<ControlAgent>().HandleAsync(Actor.System, AgentTestHost.AgentKey, AgentCommand.Pause, null)).Succeeded);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await host.Services.GetRequiredService<SweepLeases>().HandleAsync());
        Assert.Equal(WorkTaskStatus.Queued, (await host.TaskAsync(id)).Status);

        Assert.Equal(AgentRunOutcome.Escalated, await host.Run.HandleAsync(id));
        var task = await host.TaskAsync(id);
        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Equal(TaskRoute.Human, task.Route);
        Assert.Contains("paused", task.EscalationReason);
        Assert.Equal(1, host.Adapter.Calls); // only the lost run called it

        release.SetResult();
        Assert.Equal(AgentRunOutcome.Skipped, await lost.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(WorkTaskStatus.Escalated, (await host.TaskAsync(id)).Status);
    }
}
