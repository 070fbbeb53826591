using System.Text.Json.Nodes;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Tasks;

public enum WorkTaskStatus { Queued, Claimed, Running, Completed, Escalated, Failed, Cancelled }

public enum TaskRoute { Human, Agent }

public enum TaskKind { Step, Review }

/// <summary>One step of one case. Every status change goes through a method here, which checks it is legal.</summary>
public sealed class WorkTask
{
    /// <summary>Statuses in which a human may claim the task.</summary>
    public static readonly IReadOnlyList<WorkTaskStatus> HumanQueueStatuses = [WorkTaskStatus.Queued, WorkTaskStatus.Escalated];

    private WorkTask() { WorkflowKey = ""; StepKey = ""; StepName = ""; RouteReason = ""; RequiredSkills = ""; InputJson = "{}"; }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string WorkflowKey { get; private set; }
    public Guid WorkflowVersionId { get; private set; }
    public string StepKey { get; private set; }
    public string StepName { get; private set; }
    public TaskKind Kind { get; private set; }
    public Guid? ReviewOfTaskId { get; private set; }
    public WorkTaskStatus Status { get; private set; }
    public TaskRoute Route { get; private set; }
    public string RouteReason { get; private set; }
    public string RequiredSkills { get; private set; }
    public bool ReservedForTrainees { get; private set; }
    public int Priority { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? SlaDueAt { get; private set; }
    public DateTime? ClaimedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public DateTime? LeaseExpiresAt { get; private set; }
    /// <summary>The human holding the task (user id).</summary>
    public string? AssigneeId { get; private set; }
    public string? AssigneeName { get; private set; }
    /// <summary>The agent profile the task is routed to or run by.</summary>
    public string? AgentProfileKey { get; private set; }
    /// <summary>Counts agent runs and claims; a completion must name the attempt it belongs to (a fencing token).</summary>
    public int Attempt { get; private set; }
    /// <summary>Identifies the current claim or agent run; set anew each time so the holder can be found and stale holders fenced.</summary>
    public Guid? ClaimToken { get; private set; }
    public string InputJson { get; private set; }
    public string? OutputJson { get; private set; }
    public string? DraftJson { get; private set; }
    public string? EscalationReason { get; private set; }
    public bool WasEscalated { get; private set; }
    public double? Confidence { get; private set; }
    public decimal HumanCost { get; private set; }
    public decimal AgentCost { get; private set; }
    public int Tokens { get; private set; }
    public double HandleSeconds { get; private set; }
    public string? CompletedBy { get; private set; }
    public string? EndReason { get; private set; }
    public int Version { get; private set; }

    public decimal Cost => HumanCost + AgentCost;
    public bool IsOpen => Status is WorkTaskStatus.Queued or WorkTaskStatus.Claimed or WorkTaskStatus.Running or WorkTaskStatus.Escalated;
    public bool InHumanQueue => Route == TaskRoute.Human && HumanQueueStatuses.Contains(Status);
    public JsonObject Input => DomainJson.ParseObject(InputJson);
    public JsonObject? Output => OutputJson is null ? null : DomainJson.ParseObject(OutputJson);
    public JsonObject? Draft => DraftJson is null ? null : DomainJson.ParseObject(DraftJson);

    public static WorkTask Create(Guid caseId, string workflowKey, Guid versionId, StepDefinition step, int priority,
        JsonObject input, RouteDecision route, DateTime now) => new()
    {
        Id = Guid.NewGuid(), CaseId = caseId, WorkflowKey = workflowKey, WorkflowVersionId = versionId,
        StepKey = step.Key, StepName = step.Name, Kind = TaskKind.Step, Status = WorkTaskStatus.Queued,
        Route = route.Route, RouteReason = route.Reason, AgentProfileKey = route.AgentProfileKey,
        ReservedForTrainees = route.ReservedForTrainees, RequiredSkills = step.SkillKey, Priority = priority,
        CreatedAt = now, SlaDueAt = now.AddMinutes(step.SlaMinutes), InputJson = DomainJson.Write(input),
    };

    /// <summary>A human review of a completed agent task; it joins the human queue of those with the reviewer skill.</summary>
    public static WorkTask CreateReview(WorkTask reviewed, string reviewerSkill, int slaMinutes, string reason, DateTime now)
    {
        if (reviewed.Status != WorkTaskStatus.Completed)
            throw new DomainException("task.review-not-completed", "Only a completed task can be reviewed.");
        var input = reviewed.Input;
        return new WorkTask
        {
            Id = Guid.NewGuid(), CaseId = reviewed.CaseId, WorkflowKey = reviewed.WorkflowKey, WorkflowVersionId = reviewed.WorkflowVersionId,
            StepKey = reviewed.StepKey, StepName = "Review: " + reviewed.StepName, Kind = TaskKind.Review, ReviewOfTaskId = reviewed.Id,
            Status = WorkTaskStatus.Queued, Route = TaskRoute.Human, RouteReason = reason, RequiredSkills = SkillSet.Key([reviewerSkill]),
            Priority = reviewed.Priority, CreatedAt = now, SlaDueAt = now.AddMinutes(slaMinutes), InputJson = DomainJson.Write(input),
            DraftJson = reviewed.OutputJson,
        };
    }

    public void Claim(string userId, string userName, DateTime now, TimeSpan lease)
    {
        if (Route != TaskRoute.Human || !HumanQueueStatuses.Contains(Status))
            throw Illegal("claim", Status == WorkTaskStatus.Claimed ? "it is already claimed" : $"it is {Status}");
        HoldFor(userId, userName, now, lease);
    }

    public void ExtendLease(string userId, DateTime now, TimeSpan lease)
    {
        EnsureHeldBy(userId, "extend");
        LeaseExpiresAt = now + lease;
        Version++;
    }

    public void Release(string userId)
    {
        EnsureHeldBy(userId, "release");
        BackToHumanQueue();
        Version++;
    }

    public void StartAgent(string agentProfileKey, DateTime now, TimeSpan lease)
    {
        if (Route != TaskRoute.Agent || Status != WorkTaskStatus.Queued)
            throw Illegal("start an agent on", $"it is {Status} on the {Route.ToString().ToLowerInvariant()} route");
        Status = WorkTaskStatus.Running;
        AgentProfileKey = agentProfileKey;
        ClaimedAt = now;
        LeaseExpiresAt = now + lease;
        ClaimToken = Guid.NewGuid();
        Attempt++;
        Version++;
    }

    public void CompleteByHuman(string userId, JsonObject output, IReadOnlyList<FieldDefinition> fields, decimal hourlyCost, DateTime now)
    {
        EnsureHeldBy(userId, "complete");
        OutputValidator.EnsureValid(fields, output);
        HandleSeconds = Math.Max(0, (now - ClaimedAt!.Value).TotalSeconds);
        HumanCost += Economics.Costs.HumanTaskCost(HandleSeconds, hourlyCost);
        Finish(output, userId, now);
    }

    /// <summary>Records an agent's valid answer. Returns false when this attempt already completed (a job that ran twice).</summary>
    public bool CompleteByAgent(string agentProfileKey, int attempt, JsonObject output, IReadOnlyList<FieldDefinition> fields,
        double confidence, decimal cost, int tokens, DateTime now)
    {
        if (Status == WorkTaskStatus.Completed && Attempt == attempt && CompletedBy == agentProfileKey) return false;
        EnsureAgentAttempt(agentProfileKey, attempt, "complete");
        OutputValidator.EnsureValid(fields, output);
        Confidence = confidence;
        AgentCost += cost;
        Tokens += tokens;
        HandleSeconds = Math.Max(0, (now - ClaimedAt!.Value).TotalSeconds);
        Finish(output, agentProfileKey, now);
        return true;
    }

    /// <summary>Sends the task to the human queue with the reason and, when there is one, the agent's draft.</summary>
    public void Escalate(string reason, JsonObject? draft, DateTime now, decimal agentCost = 0, int tokens = 0, double? confidence = null)
    {
        if (Status is not (WorkTaskStatus.Running or WorkTaskStatus.Claimed or WorkTaskStatus.Queued))
            throw Illegal("escalate", $"it is {Status}");
        if (string.IsNullOrWhiteSpace(reason))
            throw new ValidationFailedException("task.invalid", [new("reason", "A reason is required to escalate.")]);
        Status = WorkTaskStatus.Escalated;
        Route = TaskRoute.Human;
        EscalationReason = reason;
        WasEscalated = true;
        if (draft is not null) DraftJson = DomainJson.Write(draft);
        if (confidence is not null) Confidence = confidence;
        AgentCost += agentCost;
        Tokens += tokens;
        AssigneeId = null;
        AssigneeName = null;
        LeaseExpiresAt = null;
        Version++;
    }

    /// <summary>An agent run failed in a way worth another try: the task waits for its agent again.</summary>
    public void RetryOnAgent(string reason)
    {
        if (Status != WorkTaskStatus.Running) throw Illegal("retry", $"it is {Status}, not running");
        Status = WorkTaskStatus.Queued;
        LeaseExpiresAt = null;
        EndReason = reason;
        Version++;
    }

    public void Fail(string reason, DateTime now)
    {
        if (Status is not (WorkTaskStatus.Running or WorkTaskStatus.Claimed))
            throw Illegal("fail", $"it is {Status}");
        Status = WorkTaskStatus.Failed;
        EndReason = reason;
        CompletedAt = now;
        LeaseExpiresAt = null;
        Version++;
    }

    public void Cancel(string reason, DateTime now)
    {
        if (!IsOpen) throw Illegal("cancel", $"it is already {Status}");
        if (string.IsNullOrWhiteSpace(reason))
            throw new ValidationFailedException("task.invalid", [new("reason", "A reason is required to cancel.")]);
        Status = WorkTaskStatus.Cancelled;
        EndReason = reason;
        CompletedAt = now;
        LeaseExpiresAt = null;
        Version++;
    }

    /// <summary>
    /// The process running this agent run is known to be gone (the single instance restarted): the task goes back to its
    /// agent's queue without waiting out the lease. The next start takes a new attempt, so the old run could not count.
    /// </summary>
    public bool ReturnCutOffRun()
    {
        if (Status != WorkTaskStatus.Running) return false;
        Status = WorkTaskStatus.Queued;
        LeaseExpiresAt = null;
        Version++;
        return true;
    }

    /// <summary>A lease that ran out puts the task back in its queue. Returns false when the lease is still good.</summary>
    public bool ExpireLease(DateTime now)
    {
        if (LeaseExpiresAt is null || LeaseExpiresAt > now) return false;
        switch (Status)
        {
            case WorkTaskStatus.Claimed:
                BackToHumanQueue();
                break;
            case WorkTaskStatus.Running:
                Status = WorkTaskStatus.Queued;
                LeaseExpiresAt = null;
                break;
            default:
                return false;
        }
        Version++;
        return true;
    }

    /// <summary>An orchestrator hands the task to a named person: they hold it at once, and whoever held it before no longer does.</summary>
    public void AssignTo(string userId, string userName, DateTime now, TimeSpan lease)
    {
        EnsureReassignable("assign");
        Route = TaskRoute.Human;
        HoldFor(userId, userName, now, lease);
    }

    /// <summary>An orchestrator puts the task back in the human queue for anyone eligible.</summary>
    public void ReturnToHumanQueue()
    {
        EnsureReassignable("return to the queue");
        Route = TaskRoute.Human;
        BackToHumanQueue();
        Version++;
    }

    /// <summary>An orchestrator gives the task to an agent profile; it waits for that agent.</summary>
    public void AssignToAgent(string agentProfileKey)
    {
        EnsureReassignable("give to an agent");
        if (Kind == TaskKind.Review) throw new DomainException("task.review-human", "Reviews are human work; they cannot go to an agent.");
        Status = WorkTaskStatus.Queued;
        Route = TaskRoute.Agent;
        AgentProfileKey = agentProfileKey;
        AssigneeId = null;
        AssigneeName = null;
        LeaseExpiresAt = null;
        Version++;
    }

    public void ChangePriority(int priority)
    {
        if (!IsOpen) throw Illegal("reprioritize", $"it is {Status}");
        if (priority is < 0 or > 100) throw new ValidationFailedException("task.invalid", [new("priority", "Priority must be between 0 and 100.")]);
        Priority = priority;
        Version++;
    }

    private void EnsureReassignable(string action)
    {
        if (Status == WorkTaskStatus.Running) throw Illegal(action, "an agent is working it now; pause the agent or wait");
        if (!IsOpen) throw Illegal(action, $"it is {Status}");
    }

    public bool IsHeldBy(string userId) => Status == WorkTaskStatus.Claimed && AssigneeId == userId;

    private void Finish(JsonObject output, string by, DateTime now)
    {
        Status = WorkTaskStatus.Completed;
        OutputJson = DomainJson.Write(output);
        CompletedBy = by;
        CompletedAt = now;
        LeaseExpiresAt = null;
        Version++;
    }

    /// <summary>A person holds the task from now, under a new claim token and attempt, so an earlier holder is fenced out.</summary>
    private void HoldFor(string userId, string userName, DateTime now, TimeSpan lease)
    {
        Status = WorkTaskStatus.Claimed;
        AssigneeId = userId;
        AssigneeName = userName;
        ClaimedAt = now;
        LeaseExpiresAt = now + lease;
        ClaimToken = Guid.NewGuid();
        Attempt++;
        Version++;
    }

    private void BackToHumanQueue()
    {
        Status = WasEscalated ? WorkTaskStatus.Escalated : WorkTaskStatus.Queued;
        AssigneeId = null;
        AssigneeName = null;
        LeaseExpiresAt = null;
    }

    private void EnsureHeldBy(string userId, string action)
    {
        if (Status != WorkTaskStatus.Claimed)
            throw Illegal(action, $"it is {Status}, not claimed");
        if (AssigneeId != userId)
            throw new DomainException("task.not-yours", $"Cannot {action} task {Id}: it is held by {AssigneeName ?? "someone else"}.");
    }

    private void EnsureAgentAttempt(string agentProfileKey, int attempt, string action)
    {
        if (Status != WorkTaskStatus.Running)
            throw Illegal(action, $"it is {Status}, not running");
        if (AgentProfileKey != agentProfileKey || Attempt != attempt)
            throw new DomainException("task.stale-attempt", $"Cannot {action} task {Id}: attempt {attempt} of {agentProfileKey} is no longer current.");
    }

    private DomainException Illegal(string action, string why) =>
        new("task.illegal-transition", $"Cannot {action} task {Id}: {why}.");
}
