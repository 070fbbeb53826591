using System.Text.Json.Nodes;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Cases;

public class CaseTests
{
    private readonly WorkflowVersion _version = Published();

    private WorkTask HumanDone(Case c, string stepKey, int minutes, decimal rate)
    {
        var step = _version.Step(stepKey);
        var task = NewTask(ToHuman(), step, c);
        task.Claim(UserId, UserName, Start, Lease);
        task.CompleteByHuman(UserId, Complete(step), step.Outputs, rate, Start.AddMinutes(minutes));
        return task;
    }

    private WorkTask AgentDone(Case c, string stepKey, decimal cost)
    {
        var step = _version.Step(stepKey);
        var task = NewTask(ToAgent(), step, c);
        task.StartAgent(Agent, Start, Lease);
        task.CompleteByAgent(Agent, 1, Complete(step), step.Outputs, 0.9, cost, 500, Start.AddSeconds(30));
        return task;
    }

    private static JsonObject Complete(StepDefinition step)
    {
        var output = new JsonObject();
        foreach (var f in step.Outputs)
            output[f.Key] = f.Type switch { FieldType.YesNo => true, FieldType.Money => 10m, _ => (JsonNode)"done" };
        return output;
    }

    // ---- Open

    [Fact]
    public void Open_StartsCaseOnFirstStep()
    {
        var c = Case.Open(_version, WorkflowKey, "ext-9", 70, Payload(), Start, "api", new JsonObject { ["assess"] = new JsonObject { ["approved"] = true } });

        Assert.Equal(CaseStatus.Open, c.Status);
        Assert.Equal("intake", c.CurrentStepKey);
        Assert.Equal(_version.Id, c.WorkflowVersionId);
        Assert.Equal(1, c.WorkflowVersionNumber);
        Assert.Equal(WorkflowKey, c.WorkflowKey);
        Assert.Equal("ext-9", c.ExternalId);
        Assert.Equal(70, c.Priority);
        Assert.Equal(100m, c.OutcomePrice);
        Assert.Equal(Start, c.CreatedAt);
        Assert.Equal("api", c.CreatedBy);
        Assert.Null(c.CompletedAt);
        Assert.Equal("CL-1001", (string)c.Payload["claimNumber"]!);
        Assert.Equal(1250.50m, (decimal)c.Payload["amount"]!);
        Assert.Contains("approved", c.GroundTruthJson);
        Assert.Equal(0m, c.TotalCost);
        Assert.Equal(100m, c.Margin);
        Assert.Equal(0, c.Version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Open_StoresBlankExternalId_AsNull(string? externalId) =>
        Assert.Null(Case.Open(_version, WorkflowKey, externalId, 50, Payload(), Start, null).ExternalId);

    [Fact]
    public void Open_Fails_WhenVersionNotPublished() =>
        Throws(() => Case.Open(Draft(), WorkflowKey, null, 50, Payload(), Start, null), "case.version-not-published");

    [Fact]
    public void Open_Fails_WhenPayloadMissesFirstStepInputs_WithPayloadPrefixedErrors()
    {
        var ex = Invalid(() => Case.Open(_version, WorkflowKey, null, 50, new JsonObject { ["amount"] = "lots" }, Start, null), "case.invalid");

        Assert.Equal(["payload.claimNumber", "payload.amount"], ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Open_Fails_WhenMoneyInputHasTooManyDecimals()
    {
        var ex = Invalid(() => OpenCase(_version, new JsonObject { ["claimNumber"] = "CL-1", ["amount"] = 10.005m }), "case.invalid");

        Assert.Equal("payload.amount", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Open_IgnoresInputsOfLaterSteps()
    {
        var version = Published([Step("a"), Step("b", inputs: [Field("needed")])]);

        var c = Case.Open(version, WorkflowKey, null, 50, new JsonObject(), Start, null);

        Assert.Equal("a", c.CurrentStepKey);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Open_Fails_WhenPriorityOutOfRange(int priority)
    {
        var ex = Invalid(() => Case.Open(_version, WorkflowKey, null, priority, Payload(), Start, null), "case.invalid");

        Assert.Equal("priority", Assert.Single(ex.Errors).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Open_Accepts_PriorityBounds(int priority) =>
        Assert.Equal(priority, Case.Open(_version, WorkflowKey, null, priority, Payload(), Start, null).Priority);

    [Fact]
    public void Open_Fails_WhenExternalIdTooLong()
    {
        var ex = Invalid(() => Case.Open(_version, WorkflowKey, new string('x', Case.MaxExternalIdLength + 1), 50, Payload(), Start, null), "case.invalid");

        Assert.Equal("externalId", Assert.Single(ex.Errors).Field);
        Assert.NotNull(Case.Open(_version, WorkflowKey, new string('x', Case.MaxExternalIdLength), 50, Payload(), Start, null).ExternalId);
    }

    // ---- Recording tasks

    [Fact]
    public void RecordCompleted_HumanTask_AddsHumanCost_AndMovesToNextStep()
    {
        var c = OpenCase(_version);
        var task = HumanDone(c, "intake", 30, 40m);

        c.RecordCompleted(task, _version.Step("assess"), Start.AddMinutes(30));

        Assert.Equal("assess", c.CurrentStepKey);
        Assert.Equal(CaseStatus.Open, c.Status);
        Assert.Equal(20m, c.HumanCost);
        Assert.Equal(0m, c.AgentCost);
        Assert.Equal(0m, c.ReviewCost);
        Assert.Equal(1, c.TasksCompleted);
        Assert.Equal(0, c.AgentTasksCompleted);
        Assert.Null(c.CompletedAt);
    }

    [Fact]
    public void RecordCompleted_AgentTask_AddsAgentCost_AndCountsAgentTask()
    {
        var c = OpenCase(_version);
        var task = AgentDone(c, "assess", 0.125m);

        c.RecordCompleted(task, _version.Step("settle"), Start);

        Assert.Equal(0.125m, c.AgentCost);
        Assert.Equal(0m, c.HumanCost);
        Assert.Equal(1, c.TasksCompleted);
        Assert.Equal(1, c.AgentTasksCompleted);
        Assert.Equal("settle", c.CurrentStepKey);
    }

    [Fact]
    public void RecordCompleted_EscalatedAgentTask_SplitsCost_AndCountsAsHumanTask()
    {
        var c = OpenCase(_version);
        var step = _version.Step("assess");
        var task = NewTask(ToAgent(), step, c);
        task.StartAgent(Agent, Start, Lease);
        task.Escalate("low confidence", null, Start, agentCost: 0.02m);
        task.Claim(UserId, UserName, Start, Lease);
        task.CompleteByHuman(UserId, Complete(step), step.Outputs, 60m, Start.AddMinutes(10));

        c.RecordCompleted(task, _version.Step("settle"), Start.AddMinutes(10));

        Assert.Equal(0.02m, c.AgentCost);
        Assert.Equal(10m, c.HumanCost);
        Assert.Equal(1, c.TasksCompleted);
        Assert.Equal(0, c.AgentTasksCompleted);
    }

    [Fact]
    public void RecordTask_ReviewTask_AddsItsWholeCostToReviewCost()
    {
        var c = OpenCase(_version);
        var reviewed = AgentDone(c, "assess", 0.05m);
        var review = WorkTask.CreateReview(reviewed, "qa", 30, "sampled", Start);
        review.Claim("reviewer", "Rita", Start, Lease);
        review.CompleteByHuman("reviewer", new JsonObject { ["pass"] = true }, [Field("pass", FieldType.YesNo)], 30m, Start.AddMinutes(10));

        c.RecordTask(review);

        Assert.Equal(5m, c.ReviewCost);
        Assert.Equal(0m, c.HumanCost);
        Assert.Equal(0m, c.AgentCost);
        Assert.Equal(0, c.TasksCompleted); // a review is cost, not work done on the case
        Assert.Equal(0, c.AgentTasksCompleted);
        Assert.Equal("intake", c.CurrentStepKey);
    }

    [Fact]
    public void RecordTask_CancelledTask_CountsItsCost_ButNotAsCompleted()
    {
        var c = OpenCase(_version);
        var task = NewTask(ToAgent(), _version.Step("assess"), c);
        task.StartAgent(Agent, Start, Lease);
        task.Escalate("invalid output", null, Start, agentCost: 0.07m);
        task.Cancel("case withdrawn", Start);

        c.RecordTask(task);

        Assert.Equal(0.07m, c.AgentCost);
        Assert.Equal(0, c.TasksCompleted);
        Assert.Equal(0, c.AgentTasksCompleted);
    }

    [Fact]
    public void RecordTask_Fails_WhenTaskBelongsToAnotherCase()
    {
        var c = OpenCase(_version);
        var other = HumanDone(OpenCase(_version), "intake", 30, 40m);

        Throws(() => c.RecordTask(other), "case.wrong-task");
        Throws(() => c.RecordCompleted(other, null, Start), "case.wrong-task");
        Assert.Equal(0m, c.TotalCost);
        Assert.Equal(CaseStatus.Open, c.Status);
    }

    [Fact]
    public void RecordTask_AfterOutcome_StillCountsLateReviewCost()
    {
        var c = OpenCase(_version);
        var agentTask = AgentDone(c, "assess", 0.05m);
        c.RecordCompleted(agentTask, null, Start);
        var review = WorkTask.CreateReview(agentTask, "qa", 30, "sampled", Start);
        review.Claim("reviewer", "Rita", Start, Lease);
        review.CompleteByHuman("reviewer", new JsonObject { ["pass"] = true }, [Field("pass", FieldType.YesNo)], 36m, Start.AddMinutes(5));

        c.RecordTask(review);

        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Equal(3m, c.ReviewCost);
        Assert.Equal(3.05m, c.TotalCost);
    }

    [Fact]
    public void RecordCompleted_AfterLastStep_CompletesCase_WithTotalsAndMargin()
    {
        var c = OpenCase(_version);
        var clock = Clock();

        var intake = HumanDone(c, "intake", 30, 40m);                      // 20.00
        c.RecordCompleted(intake, _version.NextStep("intake", intake.Output!), clock.Now());
        var assess = AgentDone(c, "assess", 0.05m);                          //  0.05
        c.RecordCompleted(assess, _version.NextStep("assess", assess.Output!), clock.Now());
        var review = WorkTask.CreateReview(assess, "qa", 30, "sampled", clock.Now());
        review.Claim("reviewer", "Rita", Start, Lease);
        review.CompleteByHuman("reviewer", new JsonObject { ["pass"] = true }, [Field("pass", FieldType.YesNo)], 30m, Start.AddMinutes(10)); // 5.00
        c.RecordTask(review);
        var settle = HumanDone(c, "settle", 15, 60m);                       // 15.00
        clock.Advance(TimeSpan.FromHours(3));
        c.RecordCompleted(settle, _version.NextStep("settle", settle.Output!), clock.Now());

        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Null(c.CurrentStepKey);
        Assert.Equal(clock.Now(), c.CompletedAt);
        Assert.Equal(35m, c.HumanCost);
        Assert.Equal(0.05m, c.AgentCost);
        Assert.Equal(5m, c.ReviewCost);
        Assert.Equal(40.05m, c.TotalCost);
        Assert.Equal(59.95m, c.Margin);
        Assert.Equal(3, c.TasksCompleted); // step tasks only; the review counts as cost
        Assert.Equal(1, c.AgentTasksCompleted);
    }

    [Fact]
    public void Margin_IsNegative_WhenCostExceedsOutcomePrice()
    {
        var c = OpenCase(Published(outcomePrice: 10m));

        c.RecordCompleted(HumanDone(c, "intake", 60, 25m), null, Start);

        Assert.Equal(25m, c.TotalCost);
        Assert.Equal(-15m, c.Margin);
    }

    [Fact]
    public void RecordCompleted_Fails_WhenCaseClosed_AndLeavesTotalsUnchanged()
    {
        var c = OpenCase(_version);
        c.Cancel("duplicate", Start);
        var version = c.Version;

        Throws(() => c.RecordCompleted(HumanDone(c, "intake", 30, 40m), null, Start), "case.closed");

        Assert.Equal(0m, c.TotalCost);
        Assert.Equal(0, c.TasksCompleted);
        Assert.Equal(version, c.Version);
    }

    [Fact]
    public void Version_Increments_OnEachChange()
    {
        var c = OpenCase(_version);

        c.RecordTask(HumanDone(c, "intake", 1, 1m));
        Assert.Equal(1, c.Version);
        c.MoveTo(_version.Step("assess"), Start);
        Assert.Equal(2, c.Version);
        c.Cancel("stop", Start);
        Assert.Equal(3, c.Version);
    }

    // ---- MoveTo and Cancel

    [Fact]
    public void MoveTo_Null_CompletesCase()
    {
        var c = OpenCase(_version);

        c.MoveTo(null, Start.AddHours(2));

        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Equal(Start.AddHours(2), c.CompletedAt);
        Assert.Null(c.CurrentStepKey);
    }

    [Fact]
    public void MoveTo_Fails_WhenCaseCompleted()
    {
        var c = OpenCase(_version);
        c.MoveTo(null, Start);

        Throws(() => c.MoveTo(_version.Step("assess"), Start), "case.closed");
        Assert.Null(c.CurrentStepKey);
    }

    [Fact]
    public void MoveTo_Fails_WhenCaseCancelled()
    {
        var c = OpenCase(_version);
        c.Cancel("fraud suspected", Start);

        Throws(() => c.MoveTo(_version.Step("assess"), Start), "case.closed");
        Assert.Equal(CaseStatus.Cancelled, c.Status);
        Assert.Equal("intake", c.CurrentStepKey);
    }

    [Fact]
    public void Cancel_ClosesCase_WithReason()
    {
        var c = OpenCase(_version);

        c.Cancel("customer withdrew", Start.AddHours(1));

        Assert.Equal(CaseStatus.Cancelled, c.Status);
        Assert.Equal("customer withdrew", c.CancelReason);
        Assert.Equal(Start.AddHours(1), c.CompletedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Cancel_Fails_WithoutReason(string reason)
    {
        var c = OpenCase(_version);

        var ex = Invalid(() => c.Cancel(reason, Start), "case.invalid");

        Assert.Equal("reason", Assert.Single(ex.Errors).Field);
        Assert.Equal(CaseStatus.Open, c.Status);
    }

    [Fact]
    public void Cancel_Fails_WhenCaseCompleted()
    {
        var c = OpenCase(_version);
        c.MoveTo(null, Start);

        Throws(() => c.Cancel("too late", Start), "case.closed");
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Null(c.CancelReason);
    }

    [Fact]
    public void Cancel_Fails_WhenAlreadyCancelled()
    {
        var c = OpenCase(_version);
        c.Cancel("first", Start);

        Throws(() => c.Cancel("second", Start), "case.closed");
        Assert.Equal("first", c.CancelReason);
    }
}
