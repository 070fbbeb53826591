using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Cases;

public enum CaseStatus { Open, Completed, Cancelled }

/// <summary>One instance of a workflow version: the unit of outcome.</summary>
public sealed class Case
{
    public const int MaxExternalIdLength = 200;

    private Case() { WorkflowKey = ""; PayloadJson = "{}"; }

    public Guid Id { get; private set; }
    public Guid WorkflowVersionId { get; private set; }
    public string WorkflowKey { get; private set; }
    public int WorkflowVersionNumber { get; private set; }
    public string? ExternalId { get; private set; }
    public int Priority { get; private set; }
    public string PayloadJson { get; private set; }
    /// <summary>The known right answers (demo and golden data), never shown to workers or agents.</summary>
    public string? GroundTruthJson { get; private set; }
    public decimal OutcomePrice { get; private set; }
    public CaseStatus Status { get; private set; }
    public string? CurrentStepKey { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public string? CreatedBy { get; private set; }
    public string? CancelReason { get; private set; }
    public decimal HumanCost { get; private set; }
    public decimal AgentCost { get; private set; }
    public decimal ReviewCost { get; private set; }
    /// <summary>Completed step tasks (reviews are counted as cost, not as work done on the case).</summary>
    public int TasksCompleted { get; private set; }
    public int AgentTasksCompleted { get; private set; }
    public int Version { get; private set; }

    public decimal TotalCost => HumanCost + AgentCost + ReviewCost;
    public decimal Margin => OutcomePrice - TotalCost;

    public static Case Open(WorkflowVersion version, string workflowKey, string? externalId, int priority,
        JsonObject payload, DateTime now, string? createdBy, JsonObject? groundTruth = null)
    {
        if (version.Status != VersionStatus.Published)
            throw new DomainException("case.version-not-published", "Cases can only start on a published workflow version.");
        if (externalId is { Length: > MaxExternalIdLength })
            throw new ValidationFailedException("case.invalid", [new("externalId", $"External id must be at most {MaxExternalIdLength} characters.")]);
        if (priority is < 0 or > 100)
            throw new ValidationFailedException("case.invalid", [new("priority", "Priority must be between 0 and 100.")]);
        var errors = OutputValidator.Validate(version.FirstStep.Inputs, payload)
            .Select(e => e with { Field = "payload." + e.Field }).ToList();
        if (errors.Count > 0) throw new ValidationFailedException("case.invalid", errors);
        return new Case
        {
            Id = Guid.NewGuid(), WorkflowVersionId = version.Id, WorkflowKey = workflowKey, WorkflowVersionNumber = version.Number,
            ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : externalId, Priority = priority,
            PayloadJson = DomainJson.Write(payload), GroundTruthJson = groundTruth is null ? null : DomainJson.Write(groundTruth),
            OutcomePrice = version.OutcomePrice, Status = CaseStatus.Open, CurrentStepKey = version.FirstStep.Key,
            CreatedAt = now, CreatedBy = createdBy,
        };
    }

    public JsonObject Payload => DomainJson.ParseObject(PayloadJson);

    /// <summary>Counts a completed task's cost against this case and moves the case to the next step, or completes it.</summary>
    public void RecordCompleted(WorkTask task, StepDefinition? next, DateTime now)
    {
        EnsureOpen(); // before counting, so a closed case is not left with the task's cost half-recorded
        RecordTask(task);
        MoveTo(next, now);
    }

    /// <summary>Counts a finished task (completed, or ended with costs) against this case, even after its outcome: late reviews cost too.</summary>
    public void RecordTask(WorkTask task)
    {
        if (task.CaseId != Id) throw new DomainException("case.wrong-task", "The task belongs to another case.");
        if (task.Kind == TaskKind.Review) ReviewCost += task.Cost;
        else
        {
            HumanCost += task.HumanCost;
            AgentCost += task.AgentCost;
        }
        if (task.Status == WorkTaskStatus.Completed && task.Kind == TaskKind.Step)
        {
            TasksCompleted++;
            if (task.Route == TaskRoute.Agent) AgentTasksCompleted++;
        }
        Version++;
    }

    /// <summary>The case now waits on <paramref name="next"/>; null means the outcome is reached.</summary>
    public void MoveTo(StepDefinition? next, DateTime now)
    {
        EnsureOpen();
        CurrentStepKey = next?.Key;
        if (next is null)
        {
            Status = CaseStatus.Completed;
            CompletedAt = now;
        }
        Version++;
    }

    public void Cancel(string reason, DateTime now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("case.invalid", [new("reason", "A reason is required to cancel a case.")]);
        Status = CaseStatus.Cancelled;
        CancelReason = reason;
        CompletedAt = now;
        Version++;
    }

    private void EnsureOpen()
    {
        if (Status != CaseStatus.Open)
            throw new DomainException("case.closed", $"Case {Id} is {Status} and cannot change.");
    }
}
