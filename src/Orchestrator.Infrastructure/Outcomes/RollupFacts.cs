using System.Text.Json.Nodes;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;

namespace Orchestrator.Infrastructure.Outcomes;

public readonly record struct OutcomeKey(string WorkflowKey, DateOnly Day, int DurationBucket);

public readonly record struct OutcomeMeasures(int Outcomes, long RevenueMicros, long HumanCostMicros, long AgentCostMicros, long ReviewCostMicros,
    int StepTasks, int AgentStepTasks)
{
    public static OutcomeMeasures operator +(OutcomeMeasures a, OutcomeMeasures b) => new(a.Outcomes + b.Outcomes, a.RevenueMicros + b.RevenueMicros,
        a.HumanCostMicros + b.HumanCostMicros, a.AgentCostMicros + b.AgentCostMicros, a.ReviewCostMicros + b.ReviewCostMicros,
        a.StepTasks + b.StepTasks, a.AgentStepTasks + b.AgentStepTasks);

    public static OutcomeMeasures operator -(OutcomeMeasures a) => new(-a.Outcomes, -a.RevenueMicros, -a.HumanCostMicros, -a.AgentCostMicros,
        -a.ReviewCostMicros, -a.StepTasks, -a.AgentStepTasks);

    public bool IsZero => this == default;
}

public readonly record struct StepFactKey(string WorkflowKey, DateOnly Day, string StepKey, TaskKind Kind, WorkTaskStatus Status, TaskRoute Route, string AgentKey);

public readonly record struct StepMeasures(int Tasks, long HumanCostMicros, long AgentCostMicros, long HandleMillis, int Escalated, int WithinSla,
    int Passed, int Failed)
{
    public static StepMeasures operator +(StepMeasures a, StepMeasures b) => new(a.Tasks + b.Tasks, a.HumanCostMicros + b.HumanCostMicros,
        a.AgentCostMicros + b.AgentCostMicros, a.HandleMillis + b.HandleMillis, a.Escalated + b.Escalated, a.WithinSla + b.WithinSla,
        a.Passed + b.Passed, a.Failed + b.Failed);

    public static StepMeasures operator -(StepMeasures a) => new(-a.Tasks, -a.HumanCostMicros, -a.AgentCostMicros, -a.HandleMillis, -a.Escalated,
        -a.WithinSla, -a.Passed, -a.Failed);

    public bool IsZero => this == default;
}

/// <summary>The columns of a case that its outcome figures depend on.</summary>
public sealed record CaseFacts(string WorkflowKey, CaseStatus Status, DateTime CreatedAt, DateTime? CompletedAt, decimal OutcomePrice,
    decimal HumanCost, decimal AgentCost, decimal ReviewCost, int TasksCompleted, int AgentTasksCompleted)
{
    /// <summary>What this case adds to the outcome rollup: nothing until it is completed.</summary>
    public (OutcomeKey Key, OutcomeMeasures Measures)? Fact => Status == CaseStatus.Completed && CompletedAt is { } done
        ? (new OutcomeKey(WorkflowKey, DateOnly.FromDateTime(done), OutcomeDurations.Bucket(done - CreatedAt)),
           new OutcomeMeasures(1, Money.Micros(OutcomePrice), Money.Micros(HumanCost), Money.Micros(AgentCost), Money.Micros(ReviewCost),
               TasksCompleted, AgentTasksCompleted))
        : null;
}

/// <summary>The columns of a task that its step figures depend on; <see cref="ReviewedAgentKey"/> only for reviews.</summary>
public sealed record TaskFacts(string WorkflowKey, string StepKey, TaskKind Kind, WorkTaskStatus Status, TaskRoute Route, string? AgentProfileKey,
    DateTime? CompletedAt, DateTime? SlaDueAt, decimal HumanCost, decimal AgentCost, double HandleSeconds, bool WasEscalated, string? OutputJson,
    string? ReviewedAgentKey)
{
    public static bool IsFinished(WorkTaskStatus status) => status is WorkTaskStatus.Completed or WorkTaskStatus.Cancelled or WorkTaskStatus.Failed;

    /// <summary>What this task adds to the step rollup: nothing while it is open.</summary>
    public (StepFactKey Key, StepMeasures Measures)? Fact
    {
        get
        {
            if (!IsFinished(Status) || CompletedAt is not { } end) return null;
            var verdict = Kind == TaskKind.Review && Status == WorkTaskStatus.Completed ? ReviewPassed(OutputJson) : null;
            var agent = Kind == TaskKind.Review ? ReviewedAgentKey : AgentProfileKey;
            return (new StepFactKey(WorkflowKey, DateOnly.FromDateTime(end), StepKey, Kind, Status, Route, agent ?? ""),
                new StepMeasures(1, Money.Micros(HumanCost), Money.Micros(AgentCost), (long)Math.Round(HandleSeconds * 1000),
                    WasEscalated ? 1 : 0, SlaDueAt is { } due && end <= due ? 1 : 0, verdict == true ? 1 : 0, verdict == false ? 1 : 0));
        }
    }

    /// <summary>A review's verdict, read generically from its output's "pass" field (yes/no, or a "true"/"pass"/"yes" text).</summary>
    public static bool? ReviewPassed(string? outputJson)
    {
        if (outputJson is null) return null;
        var output = DomainJson.ParseObject(outputJson);
        if (!output.TryGetPropertyValue("pass", out var node) || node is not JsonValue value) return null;
        if (value.TryGetValue<bool>(out var b)) return b;
        if (value.TryGetValue<string>(out var s))
            return s.Trim().ToLowerInvariant() switch { "true" or "yes" or "pass" or "passed" => true, "false" or "no" or "fail" or "failed" => false, _ => null };
        return null;
    }
}

public static class Money
{
    public static long Micros(decimal amount) => (long)decimal.Round(amount * 1_000_000m, MidpointRounding.AwayFromZero);
    public static decimal FromMicros(long micros) => micros / 1_000_000m;
}
