using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Tests;

/// <summary>Small builders for domain objects: a published 3-step claims workflow, its cases and tasks.</summary>
internal static class TestData
{
    public const string WorkflowKey = "auto-claims";
    public const string Agent = "sim-agent";
    public const string UserId = "user-1";
    public const string UserName = "Ann Adjuster";
    public static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(Start));

    public static DateTime Now(this FakeTimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    public static FieldDefinition Field(string key, FieldType type = FieldType.Text, bool required = true, params string[] choices) =>
        new() { Key = key, Type = type, Required = required, Choices = choices };

    public static StaffingPolicy Human(int apprenticeshipQuota = 0) => new()
    {
        Mode = StaffingMode.Human, KeepHumansReason = KeepHumansReason.HighStakes, KeepHumansNote = "Payouts need a person.",
        ApprenticeshipQuota = apprenticeshipQuota, Oversight = Oversight.None,
    };

    public static StaffingPolicy AgentOnly(params string[] agents) => new()
    {
        Mode = StaffingMode.Agent, AllowedAgents = agents.Length == 0 ? [Agent] : agents,
    };

    public static StaffingPolicy Hybrid(int share, params string[] agents) => new()
    {
        Mode = StaffingMode.Hybrid, AgentShare = share, AllowedAgents = agents.Length == 0 ? [Agent] : agents,
        KeepHumansReason = KeepHumansReason.Apprenticeship, KeepHumansNote = "Juniors learn on this step.",
    };

    public static StepDefinition Step(string key, StaffingPolicy? staffing = null, IReadOnlyList<FieldDefinition>? inputs = null,
        IReadOnlyList<FieldDefinition>? outputs = null, BranchRule? branch = null, params string[] skills) => new()
    {
        Key = key, Name = "Step " + key, Staffing = staffing ?? Human(), Inputs = inputs ?? [], Outputs = outputs ?? [Field("note")],
        Branch = branch, Skills = skills, SlaMinutes = 60,
    };

    /// <summary>intake (human) → assess (agent) → settle (human).</summary>
    public static IReadOnlyList<StepDefinition> ThreeSteps() =>
    [
        Step("intake", Human(), inputs: [Field("claimNumber"), Field("amount", FieldType.Money)], outputs: [Field("summary")], skills: ["Claims"]),
        Step("assess", AgentOnly(), outputs: [Field("approved", FieldType.YesNo), Field("payout", FieldType.Money)]),
        Step("settle", Human(), outputs: [Field("reference")]),
    ];

    public static Workflow NewWorkflow() => Workflow.Create(WorkflowKey, "Auto claims", "Settle an auto-insurance claim", Start);

    public static WorkflowVersion Draft(IEnumerable<StepDefinition>? steps = null, decimal outcomePrice = 100m) =>
        WorkflowVersion.Draft(NewWorkflow(), 1, steps ?? ThreeSteps(), outcomePrice, "orchestrator", Start);

    public static WorkflowVersion Published(IEnumerable<StepDefinition>? steps = null, decimal outcomePrice = 100m)
    {
        var version = Draft(steps, outcomePrice);
        version.Publish("orchestrator", Start);
        return version;
    }

    public static JsonObject Payload() => new() { ["claimNumber"] = "CL-1001", ["amount"] = 1250.50m };

    public static Case OpenCase(WorkflowVersion? version = null, JsonObject? payload = null) =>
        Case.Open(version ?? Published(), WorkflowKey, "ext-1", 50, payload ?? Payload(), Start, "orchestrator");

    public static RouteDecision ToHuman(bool reservedForTrainees = false) => RouteDecision.Human("test: human", reservedForTrainees);

    public static RouteDecision ToAgent(string agent = Agent) => new(TaskRoute.Agent, "test: agent", agent);

    public static WorkTask NewTask(RouteDecision? route = null, StepDefinition? step = null, Case? @case = null, DateTime? now = null)
    {
        var c = @case ?? OpenCase();
        return WorkTask.Create(c.Id, WorkflowKey, c.WorkflowVersionId, step ?? ThreeSteps()[2], c.Priority, new JsonObject { ["claimNumber"] = "CL-1001" },
            route ?? ToHuman(), now ?? Start);
    }

    public static WorkTask Claimed(string userId = UserId, DateTime? at = null)
    {
        var task = NewTask();
        task.Claim(userId, UserName, at ?? Start, Lease);
        return task;
    }

    public static WorkTask Running(string agent = Agent, DateTime? at = null)
    {
        var task = NewTask(ToAgent(agent));
        task.StartAgent(agent, at ?? Start, Lease);
        return task;
    }

    public static WorkTask Escalated()
    {
        var task = Running();
        task.Escalate("confidence 0.4 below 0.7", new JsonObject { ["reference"] = "draft" }, Start, agentCost: 0.05m, tokens: 800, confidence: 0.4);
        return task;
    }

    /// <summary>Output fields of the task built by <see cref="NewTask"/> (the settle step).</summary>
    public static IReadOnlyList<FieldDefinition> Outputs => ThreeSteps()[2].Outputs;

    public static JsonObject Output(string reference = "PAY-77") => new() { ["reference"] = reference };

    public static TException Throws<TException>(Action action, string code) where TException : DomainException
    {
        var ex = Assert.Throws<TException>(action);
        Assert.Equal(code, ex.Code);
        return ex;
    }

    public static DomainException Throws(Action action, string code) => Throws<DomainException>(action, code);

    public static ValidationFailedException Invalid(Action action, string code) => Throws<ValidationFailedException>(action, code);
}
