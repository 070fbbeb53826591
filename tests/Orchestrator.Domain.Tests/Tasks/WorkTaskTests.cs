using System.Text.Json.Nodes;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Tasks;

public class WorkTaskTests
{
    private const string Illegal = "task.illegal-transition";

    // ---- Create

    [Fact]
    public void Create_QueuesTask_WithRouteSkillsSlaAndInput()
    {
        var c = OpenCase();
        var step = Step("check", skills: ["  Fraud ", "claims", "CLAIMS"]) with { SlaMinutes = 90 };

        var task = WorkTask.Create(c.Id, WorkflowKey, c.WorkflowVersionId, step, 7, new JsonObject { ["x"] = 1 }, ToHuman(reservedForTrainees: true), Start);

        Assert.Equal(WorkTaskStatus.Queued, task.Status);
        Assert.Equal(TaskKind.Step, task.Kind);
        Assert.Equal(TaskRoute.Human, task.Route);
        Assert.Equal("test: human", task.RouteReason);
        Assert.True(task.ReservedForTrainees);
        Assert.Equal("claims,fraud", task.RequiredSkills);
        Assert.Equal(c.Id, task.CaseId);
        Assert.Equal("check", task.StepKey);
        Assert.Equal("Step check", task.StepName);
        Assert.Equal(7, task.Priority);
        Assert.Equal(Start.AddMinutes(90), task.SlaDueAt);
        Assert.Equal(1, (int)task.Input["x"]!);
        Assert.Equal(0, task.Attempt);
        Assert.Equal(0, task.Version);
        Assert.True(task.IsOpen);
        Assert.True(task.InHumanQueue);
        Assert.Null(task.Output);
        Assert.Equal(0m, task.Cost);
    }

    [Fact]
    public void Create_OnAgentRoute_KeepsAgentKey_AndStaysOutOfHumanQueue()
    {
        var task = NewTask(ToAgent("gpt-claims"));

        Assert.Equal(TaskRoute.Agent, task.Route);
        Assert.Equal("gpt-claims", task.AgentProfileKey);
        Assert.False(task.InHumanQueue);
        Assert.True(task.IsOpen);
    }

    // ---- Claim

    [Fact]
    public void Claim_MakesTaskClaimed_WithAssigneeLeaseAndNewAttempt()
    {
        var task = NewTask();
        var clock = Clock();
        clock.Advance(TimeSpan.FromMinutes(5));

        task.Claim(UserId, UserName, clock.Now(), Lease);

        Assert.Equal(WorkTaskStatus.Claimed, task.Status);
        Assert.Equal(UserId, task.AssigneeId);
        Assert.Equal(UserName, task.AssigneeName);
        Assert.Equal(clock.Now(), task.ClaimedAt);
        Assert.Equal(clock.Now() + Lease, task.LeaseExpiresAt);
        Assert.NotNull(task.ClaimToken);
        Assert.Equal(1, task.Attempt);
        Assert.Equal(1, task.Version);
        Assert.True(task.IsHeldBy(UserId));
        Assert.False(task.IsHeldBy("user-2"));
        Assert.False(task.InHumanQueue);
    }

    [Fact]
    public void Claim_Fails_WhenTaskAlreadyClaimed()
    {
        var task = Claimed();

        var ex = Throws(() => task.Claim("user-2", "Bob", Start, Lease), Illegal);

        Assert.Contains("already claimed", ex.Message);
        Assert.Equal(UserId, task.AssigneeId);
        Assert.Equal(1, task.Version);
    }

    [Fact]
    public void Claim_Fails_WhenTaskCompleted()
    {
        var task = Claimed();
        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start.AddMinutes(1));

        Throws(() => task.Claim("user-2", "Bob", Start, Lease), Illegal);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
    }

    [Fact]
    public void Claim_Fails_WhenTaskOnAgentRoute()
    {
        var task = NewTask(ToAgent());

        Throws(() => task.Claim(UserId, UserName, Start, Lease), Illegal);
        Assert.Equal(WorkTaskStatus.Queued, task.Status);
        Assert.Null(task.AssigneeId);
    }

    [Fact]
    public void Claim_Fails_WhenAgentIsRunningTask()
    {
        var task = Running();

        Throws(() => task.Claim(UserId, UserName, Start, Lease), Illegal);
    }

    [Fact]
    public void Claim_Fails_WhenTaskCancelled()
    {
        var task = NewTask();
        task.Cancel("duplicate case", Start);

        Throws(() => task.Claim(UserId, UserName, Start, Lease), Illegal);
    }

    [Fact]
    public void Claim_Fails_WhenTaskFailed()
    {
        var task = Claimed();
        task.Fail("system down", Start);

        Throws(() => task.Claim(UserId, UserName, Start, Lease), Illegal);
    }

    [Fact]
    public void Claim_Succeeds_WhenTaskEscalated()
    {
        var task = Escalated();

        task.Claim(UserId, UserName, Start.AddMinutes(1), Lease);

        Assert.Equal(WorkTaskStatus.Claimed, task.Status);
        Assert.Equal(UserId, task.AssigneeId);
        Assert.Equal(2, task.Attempt);
        Assert.Equal("draft", (string)task.Draft!["reference"]!);
    }

    [Fact]
    public void Claim_IssuesNewClaimToken_EachTime()
    {
        var task = Claimed();
        var first = task.ClaimToken;
        task.Release(UserId);

        task.Claim("user-2", "Bob", Start, Lease);

        Assert.NotEqual(first, task.ClaimToken);
        Assert.Equal(2, task.Attempt);
    }

    // ---- ExtendLease

    [Fact]
    public void ExtendLease_MovesLeaseExpiry_ForHolder()
    {
        var task = Claimed();
        var later = Start.AddMinutes(10);

        task.ExtendLease(UserId, later, Lease);

        Assert.Equal(later + Lease, task.LeaseExpiresAt);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void ExtendLease_Fails_WhenTaskHeldBySomeoneElse()
    {
        var task = Claimed();

        Throws(() => task.ExtendLease("user-2", Start.AddMinutes(10), Lease), "task.not-yours");
        Assert.Equal(Start + Lease, task.LeaseExpiresAt);
    }

    [Fact]
    public void ExtendLease_Fails_WhenTaskNotClaimed()
    {
        var task = NewTask();

        Throws(() => task.ExtendLease(UserId, Start, Lease), Illegal);
    }

    // ---- Release

    [Fact]
    public void Release_ReturnsTaskToQueue_AndClearsAssigneeAndLease()
    {
        var task = Claimed();

        task.Release(UserId);

        Assert.Equal(WorkTaskStatus.Queued, task.Status);
        Assert.Null(task.AssigneeId);
        Assert.Null(task.AssigneeName);
        Assert.Null(task.LeaseExpiresAt);
        Assert.True(task.InHumanQueue);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void Release_ReturnsEscalatedTaskToEscalated()
    {
        var task = Escalated();
        task.Claim(UserId, UserName, Start, Lease);

        task.Release(UserId);

        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.True(task.InHumanQueue);
        Assert.Equal("confidence 0.4 below 0.7", task.EscalationReason);
        Assert.NotNull(task.Draft);
    }

    [Fact]
    public void Release_Fails_WhenTaskHeldBySomeoneElse()
    {
        var task = Claimed();

        var ex = Throws(() => task.Release("user-2"), "task.not-yours");

        Assert.Contains(UserName, ex.Message);
        Assert.Equal(WorkTaskStatus.Claimed, task.Status);
    }

    [Fact]
    public void Release_Fails_WhenTaskNotClaimed()
    {
        var task = NewTask();

        Throws(() => task.Release(UserId), Illegal);
    }

    // ---- CompleteByHuman

    [Fact]
    public void CompleteByHuman_CompletesTask_WithOutputHandleTimeAndCost()
    {
        var clock = Clock();
        var task = Claimed(at: clock.Now());
        clock.Advance(TimeSpan.FromMinutes(30));

        task.CompleteByHuman(UserId, Output("PAY-1"), Outputs, 40m, clock.Now());

        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal("PAY-1", (string)task.Output!["reference"]!);
        Assert.Equal(UserId, task.CompletedBy);
        Assert.Equal(clock.Now(), task.CompletedAt);
        Assert.Equal(1800, task.HandleSeconds);
        Assert.Equal(20m, task.HumanCost);
        Assert.Equal(0m, task.AgentCost);
        Assert.Equal(20m, task.Cost);
        Assert.Null(task.LeaseExpiresAt);
        Assert.False(task.IsOpen);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void CompleteByHuman_Fails_WhenCompletedByNonHolder()
    {
        var task = Claimed();

        Throws(() => task.CompleteByHuman("user-2", Output(), Outputs, 40m, Start.AddMinutes(5)), "task.not-yours");

        Assert.Equal(WorkTaskStatus.Claimed, task.Status);
        Assert.Null(task.Output);
        Assert.Equal(0m, task.HumanCost);
    }

    [Fact]
    public void CompleteByHuman_Fails_WhenTaskNotClaimed()
    {
        var task = NewTask();

        Throws(() => task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start), Illegal);
    }

    [Fact]
    public void CompleteByHuman_Fails_WhenTaskAlreadyCompleted()
    {
        var task = Claimed();
        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start.AddMinutes(6));

        Throws(() => task.CompleteByHuman(UserId, Output("other"), Outputs, 40m, Start.AddMinutes(12)), Illegal);

        Assert.Equal("PAY-77", (string)task.Output!["reference"]!);
        Assert.Equal(4m, task.HumanCost);
    }

    [Fact]
    public void CompleteByHuman_Fails_WhenOutputInvalid_AndKeepsTaskClaimed()
    {
        var task = Claimed();

        var ex = Invalid(() => task.CompleteByHuman(UserId, new JsonObject(), Outputs, 40m, Start.AddMinutes(5)), "output.invalid");

        Assert.Equal("reference", Assert.Single(ex.Errors).Field);
        Assert.Equal(WorkTaskStatus.Claimed, task.Status);
        Assert.Equal(0, task.HandleSeconds);
        Assert.Equal(1, task.Version);
    }

    [Fact]
    public void CompleteByHuman_WithClockBeforeClaim_CountsNoNegativeTime()
    {
        var task = Claimed(at: Start);

        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start.AddMinutes(-1));

        Assert.Equal(0, task.HandleSeconds);
        Assert.Equal(0m, task.HumanCost);
    }

    // ---- StartAgent

    [Fact]
    public void StartAgent_RunsTask_WithLeaseAndAttempt()
    {
        var task = NewTask(ToAgent());

        task.StartAgent(Agent, Start, Lease);

        Assert.Equal(WorkTaskStatus.Running, task.Status);
        Assert.Equal(Agent, task.AgentProfileKey);
        Assert.Equal(Start, task.ClaimedAt);
        Assert.Equal(Start + Lease, task.LeaseExpiresAt);
        Assert.Equal(1, task.Attempt);
        Assert.NotNull(task.ClaimToken);
        Assert.Equal(1, task.Version);
        Assert.False(task.InHumanQueue);
    }

    [Fact]
    public void StartAgent_Fails_WhenTaskOnHumanRoute()
    {
        var task = NewTask();

        Throws(() => task.StartAgent(Agent, Start, Lease), Illegal);
        Assert.Equal(WorkTaskStatus.Queued, task.Status);
    }

    [Fact]
    public void StartAgent_Fails_WhenTaskAlreadyRunning()
    {
        var task = Running();

        Throws(() => task.StartAgent(Agent, Start, Lease), Illegal);
        Assert.Equal(1, task.Attempt);
    }

    [Fact]
    public void StartAgent_Fails_WhenTaskEscalated()
    {
        var task = Escalated();

        Throws(() => task.StartAgent(Agent, Start, Lease), Illegal);
    }

    // ---- CompleteByAgent

    [Fact]
    public void CompleteByAgent_CompletesTask_WithConfidenceCostTokensAndHandleTime()
    {
        var clock = Clock();
        var task = Running(at: clock.Now());
        clock.Advance(TimeSpan.FromSeconds(42));

        var done = task.CompleteByAgent(Agent, 1, Output("PAY-9"), Outputs, 0.93, 0.012m, 1500, clock.Now());

        Assert.True(done);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal("PAY-9", (string)task.Output!["reference"]!);
        Assert.Equal(Agent, task.CompletedBy);
        Assert.Equal(0.93, task.Confidence);
        Assert.Equal(0.012m, task.AgentCost);
        Assert.Equal(0m, task.HumanCost);
        Assert.Equal(1500, task.Tokens);
        Assert.Equal(42, task.HandleSeconds);
        Assert.Equal(clock.Now(), task.CompletedAt);
        Assert.Null(task.LeaseExpiresAt);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void CompleteByAgent_ReturnsFalse_WhenSameAttemptCompletesAgain()
    {
        var task = Running();
        task.CompleteByAgent(Agent, 1, Output("PAY-9"), Outputs, 0.9, 0.01m, 100, Start.AddSeconds(5));

        var again = task.CompleteByAgent(Agent, 1, Output("PAY-other"), Outputs, 0.5, 0.01m, 100, Start.AddSeconds(9));

        Assert.False(again);
        Assert.Equal("PAY-9", (string)task.Output!["reference"]!);
        Assert.Equal(0.01m, task.AgentCost);
        Assert.Equal(100, task.Tokens);
        Assert.Equal(0.9, task.Confidence);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void CompleteByAgent_Fails_WhenAttemptIsStale()
    {
        var task = Running(at: Start);
        Assert.True(task.ExpireLease(Start + Lease));
        task.StartAgent(Agent, Start + Lease, Lease);

        var ex = Throws(() => task.CompleteByAgent(Agent, 1, Output(), Outputs, 0.9, 0.01m, 100, Start + Lease), "task.stale-attempt");

        Assert.Contains("attempt 1", ex.Message);
        Assert.Equal(WorkTaskStatus.Running, task.Status);
        Assert.Equal(2, task.Attempt);
        Assert.True(task.CompleteByAgent(Agent, 2, Output(), Outputs, 0.9, 0.01m, 100, Start + Lease));
    }

    [Fact]
    public void CompleteByAgent_Fails_WhenAnotherAgentClaimsTheRun()
    {
        var task = Running("agent-a");

        Throws(() => task.CompleteByAgent("agent-b", 1, Output(), Outputs, 0.9, 0.01m, 100, Start), "task.stale-attempt");
        Assert.Equal(WorkTaskStatus.Running, task.Status);
    }

    [Fact]
    public void CompleteByAgent_Fails_WhenTaskNotRunning()
    {
        var task = NewTask(ToAgent());

        Throws(() => task.CompleteByAgent(Agent, 0, Output(), Outputs, 0.9, 0.01m, 100, Start), Illegal);
    }

    [Fact]
    public void CompleteByAgent_Fails_WhenTaskEscalatedMeanwhile()
    {
        var task = Running();
        task.Escalate("timeout", null, Start);

        Throws(() => task.CompleteByAgent(Agent, 1, Output(), Outputs, 0.9, 0.01m, 100, Start), Illegal);
        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Null(task.Output);
    }

    [Fact]
    public void CompleteByAgent_Fails_WhenAnotherAttemptAlreadyCompleted()
    {
        var task = Running(at: Start);
        task.ExpireLease(Start + Lease);
        task.StartAgent(Agent, Start + Lease, Lease);
        task.CompleteByAgent(Agent, 2, Output(), Outputs, 0.9, 0.01m, 100, Start + Lease);

        Throws(() => task.CompleteByAgent(Agent, 1, Output("late"), Outputs, 0.9, 0.01m, 100, Start + Lease), Illegal);
        Assert.Equal("PAY-77", (string)task.Output!["reference"]!);
    }

    [Fact]
    public void CompleteByAgent_Fails_WhenOutputInvalid_AndKeepsTaskRunning()
    {
        var task = Running();

        var ex = Invalid(() => task.CompleteByAgent(Agent, 1, new JsonObject { ["reference"] = 12 }, Outputs, 0.9, 0.01m, 100, Start), "output.invalid");

        Assert.Equal("reference", Assert.Single(ex.Errors).Field);
        Assert.Equal(WorkTaskStatus.Running, task.Status);
        Assert.Equal(0m, task.AgentCost);
        Assert.Equal(0, task.Tokens);
    }

    // ---- Escalate

    [Fact]
    public void Escalate_FromRunning_SendsTaskToHumanQueue_WithDraftReasonAndAgentCost()
    {
        var task = Running();

        task.Escalate("low confidence", new JsonObject { ["reference"] = "guess" }, Start, agentCost: 0.03m, tokens: 700, confidence: 0.41);

        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Equal(TaskRoute.Human, task.Route);
        Assert.True(task.InHumanQueue);
        Assert.True(task.WasEscalated);
        Assert.Equal("low confidence", task.EscalationReason);
        Assert.Equal("guess", (string)task.Draft!["reference"]!);
        Assert.Equal(0.41, task.Confidence);
        Assert.Equal(0.03m, task.AgentCost);
        Assert.Equal(700, task.Tokens);
        Assert.Null(task.LeaseExpiresAt);
        Assert.True(task.IsOpen);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void Escalate_FromClaimed_ClearsAssignee()
    {
        var task = Claimed();

        task.Escalate("needs a senior adjuster", null, Start);

        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Null(task.AssigneeId);
        Assert.Null(task.AssigneeName);
        Assert.Null(task.Draft);
        Assert.False(task.IsHeldBy(UserId));
    }

    [Fact]
    public void Escalate_FromQueuedAgentTask_MovesItToHumans()
    {
        var task = NewTask(ToAgent());

        task.Escalate("agent unavailable", null, Start);

        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Equal(TaskRoute.Human, task.Route);
        Assert.True(task.InHumanQueue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Escalate_Fails_WithoutReason(string reason)
    {
        var task = Running();

        var ex = Invalid(() => task.Escalate(reason, null, Start), "task.invalid");

        Assert.Equal("reason", Assert.Single(ex.Errors).Field);
        Assert.Equal(WorkTaskStatus.Running, task.Status);
        Assert.Equal(1, task.Version);
    }

    [Fact]
    public void Escalate_Fails_WhenTaskCompleted()
    {
        var task = Running();
        task.CompleteByAgent(Agent, 1, Output(), Outputs, 0.9, 0.01m, 1, Start);

        Throws(() => task.Escalate("too late", null, Start), Illegal);
    }

    [Fact]
    public void Escalate_Fails_WhenAlreadyEscalated()
    {
        var task = Escalated();

        Throws(() => task.Escalate("again", null, Start), Illegal);
        Assert.Equal(0.05m, task.AgentCost);
    }

    [Fact]
    public void EscalatedTask_CompletedByHuman_AccumulatesAgentAndHumanCost()
    {
        var clock = Clock();
        var task = NewTask(ToAgent(), now: clock.Now());
        task.StartAgent(Agent, clock.Now(), Lease);
        clock.Advance(TimeSpan.FromSeconds(20));
        task.Escalate("confidence below threshold", Output("draft"), clock.Now(), agentCost: 0.04m, tokens: 900, confidence: 0.3);
        clock.Advance(TimeSpan.FromMinutes(2));
        task.Claim(UserId, UserName, clock.Now(), Lease);
        clock.Advance(TimeSpan.FromMinutes(6));

        task.CompleteByHuman(UserId, Output("PAY-5"), Outputs, 50m, clock.Now());

        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.Equal(0.04m, task.AgentCost);
        Assert.Equal(5m, task.HumanCost);
        Assert.Equal(5.04m, task.Cost);
        Assert.Equal(900, task.Tokens);
        Assert.Equal(360, task.HandleSeconds);
        Assert.True(task.WasEscalated);
        Assert.Equal(UserId, task.CompletedBy);
        Assert.Equal(TaskRoute.Human, task.Route);
    }

    // ---- Fail

    [Fact]
    public void Fail_FromRunning_EndsTaskWithReason()
    {
        var task = Running();

        task.Fail("agent failed after 3 retries", Start.AddMinutes(3));

        Assert.Equal(WorkTaskStatus.Failed, task.Status);
        Assert.Equal("agent failed after 3 retries", task.EndReason);
        Assert.Equal(Start.AddMinutes(3), task.CompletedAt);
        Assert.Null(task.LeaseExpiresAt);
        Assert.False(task.IsOpen);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void Fail_FromClaimed_EndsTask()
    {
        var task = Claimed();

        task.Fail("bad input", Start);

        Assert.Equal(WorkTaskStatus.Failed, task.Status);
    }

    [Fact]
    public void Fail_Fails_WhenTaskQueued()
    {
        var task = NewTask();

        Throws(() => task.Fail("nope", Start), Illegal);
        Assert.Equal(WorkTaskStatus.Queued, task.Status);
    }

    [Fact]
    public void Fail_Fails_WhenTaskCompleted()
    {
        var task = Claimed();
        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start);

        Throws(() => task.Fail("nope", Start), Illegal);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
    }

    // ---- Cancel

    public static TheoryData<string> OpenTasks => ["queued", "claimed", "running", "escalated"];

    private static WorkTask InStatus(string status) => status switch
    {
        "queued" => NewTask(),
        "claimed" => Claimed(),
        "running" => Running(),
        "escalated" => Escalated(),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    [Theory]
    [MemberData(nameof(OpenTasks))]
    public void Cancel_EndsAnyOpenTask(string status)
    {
        var task = InStatus(status);
        var version = task.Version;

        task.Cancel("customer withdrew", Start.AddHours(1));

        Assert.Equal(WorkTaskStatus.Cancelled, task.Status);
        Assert.Equal("customer withdrew", task.EndReason);
        Assert.Equal(Start.AddHours(1), task.CompletedAt);
        Assert.Null(task.LeaseExpiresAt);
        Assert.False(task.IsOpen);
        Assert.False(task.InHumanQueue);
        Assert.Equal(version + 1, task.Version);
    }

    [Fact]
    public void Cancel_Fails_WhenTaskCompleted()
    {
        var task = Claimed();
        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start);

        Throws(() => task.Cancel("oops", Start), Illegal);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
    }

    [Fact]
    public void Cancel_Fails_WhenTaskAlreadyCancelled()
    {
        var task = NewTask();
        task.Cancel("first", Start);

        Throws(() => task.Cancel("second", Start), Illegal);
        Assert.Equal("first", task.EndReason);
    }

    [Fact]
    public void Cancel_Fails_WhenTaskFailed()
    {
        var task = Running();
        task.Fail("broken", Start);

        Throws(() => task.Cancel("cleanup", Start), Illegal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Cancel_Fails_WithoutReason(string reason)
    {
        var task = NewTask();

        var ex = Invalid(() => task.Cancel(reason, Start), "task.invalid");

        Assert.Equal("reason", Assert.Single(ex.Errors).Field);
        Assert.Equal(WorkTaskStatus.Queued, task.Status);
    }

    // ---- ExpireLease

    [Fact]
    public void ExpireLease_ReturnsClaimedTaskToQueue_WhenLeaseRanOut()
    {
        var clock = Clock();
        var task = Claimed(at: clock.Now());
        clock.Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.True(task.ExpireLease(clock.Now()));

        Assert.Equal(WorkTaskStatus.Queued, task.Status);
        Assert.Null(task.AssigneeId);
        Assert.Null(task.LeaseExpiresAt);
        Assert.True(task.InHumanQueue);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void ExpireLease_Expires_AtTheExactExpiryInstant()
    {
        var task = Claimed(at: Start);

        Assert.True(task.ExpireLease(Start + Lease));
        Assert.Equal(WorkTaskStatus.Queued, task.Status);
    }

    [Fact]
    public void ExpireLease_ReturnsEscalatedClaimToEscalated()
    {
        var task = Escalated();
        task.Claim(UserId, UserName, Start, Lease);

        Assert.True(task.ExpireLease(Start.AddHours(1)));

        Assert.Equal(WorkTaskStatus.Escalated, task.Status);
        Assert.Null(task.AssigneeId);
    }

    [Fact]
    public void ExpireLease_RequeuesRunningAgentTask()
    {
        var task = Running(at: Start);

        Assert.True(task.ExpireLease(Start.AddHours(1)));

        Assert.Equal(WorkTaskStatus.Queued, task.Status);
        Assert.Equal(TaskRoute.Agent, task.Route);
        Assert.Null(task.LeaseExpiresAt);
        Assert.False(task.InHumanQueue);
        Assert.Equal(2, task.Version);
    }

    [Fact]
    public void ExpireLease_ReturnsFalse_WhenLeaseStillGood()
    {
        var clock = Clock();
        var task = Claimed(at: clock.Now());
        clock.Advance(Lease - TimeSpan.FromSeconds(1));

        Assert.False(task.ExpireLease(clock.Now()));

        Assert.Equal(WorkTaskStatus.Claimed, task.Status);
        Assert.Equal(UserId, task.AssigneeId);
        Assert.Equal(1, task.Version);
    }

    [Fact]
    public void ExpireLease_ReturnsFalse_WhenTaskHasNoLease()
    {
        var task = NewTask();

        Assert.False(task.ExpireLease(Start.AddDays(1)));
        Assert.Equal(0, task.Version);
    }

    [Fact]
    public void ExpireLease_ReturnsFalse_AfterCompletion()
    {
        var task = Claimed();
        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start);

        Assert.False(task.ExpireLease(Start.AddDays(1)));
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
    }

    // ---- Version and reviews

    [Fact]
    public void Version_Increments_OnEachTransition()
    {
        var task = NewTask(ToAgent());
        var versions = new List<int> { task.Version };

        task.StartAgent(Agent, Start, Lease); versions.Add(task.Version);
        task.ExpireLease(Start + Lease); versions.Add(task.Version);
        task.StartAgent(Agent, Start + Lease, Lease); versions.Add(task.Version);
        task.Escalate("low confidence", null, Start + Lease); versions.Add(task.Version);
        task.Claim(UserId, UserName, Start + Lease, Lease); versions.Add(task.Version);
        task.ExtendLease(UserId, Start + Lease, Lease); versions.Add(task.Version);
        task.Release(UserId); versions.Add(task.Version);
        task.Claim(UserId, UserName, Start + Lease, Lease); versions.Add(task.Version);
        task.CompleteByHuman(UserId, Output(), Outputs, 40m, Start + Lease); versions.Add(task.Version);

        Assert.Equal(Enumerable.Range(0, 10), versions);
    }

    [Fact]
    public void CreateReview_QueuesHumanReview_OfCompletedTask()
    {
        var reviewed = Running();
        reviewed.CompleteByAgent(Agent, 1, Output("PAY-3"), Outputs, 0.95, 0.01m, 10, Start);

        var review = WorkTask.CreateReview(reviewed, " QA ", 30, "sampled 10%", Start.AddMinutes(1));

        Assert.Equal(TaskKind.Review, review.Kind);
        Assert.Equal(reviewed.Id, review.ReviewOfTaskId);
        Assert.Equal(reviewed.CaseId, review.CaseId);
        Assert.Equal(WorkTaskStatus.Queued, review.Status);
        Assert.Equal(TaskRoute.Human, review.Route);
        Assert.Equal("qa", review.RequiredSkills);
        Assert.Equal("Review: " + reviewed.StepName, review.StepName);
        Assert.Equal("PAY-3", (string)review.Draft!["reference"]!);
        Assert.Equal(Start.AddMinutes(31), review.SlaDueAt);
        Assert.True(review.InHumanQueue);
    }

    [Fact]
    public void CreateReview_Fails_WhenTaskNotCompleted()
    {
        var running = Running();

        Throws(() => WorkTask.CreateReview(running, "qa", 30, "sampled", Start), "task.review-not-completed");
    }
}
