using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Quality;

public enum BreachStatus { Open, Acknowledged, Reverted }

/// <summary>
/// A quality breach of one step × agent profile × version, the action the step's policy took on it, and the evidence.
/// An orchestrator acknowledges it (the action stays) or reverts it (the action is undone).
/// </summary>
public sealed class QualityBreach
{
    public long Id { get; set; }
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public string StepName { get; set; } = "";
    public string AgentProfileKey { get; set; } = "";
    public string AgentVersion { get; set; } = "";
    public BreachKind Kind { get; set; }
    public BreachAction Action { get; set; }
    public string Summary { get; set; } = "";
    public string EvidenceJson { get; set; } = "{}";
    /// <summary>Verdicts in the stream when it was raised; a new breach of the same stream needs a window of fresh ones.</summary>
    public int Reviews { get; set; }
    public DateTime RaisedAt { get; set; }
    public BreachStatus Status { get; set; }
    /// <summary>The step's staffing before the action changed it, to put back on revert.</summary>
    public string? PreviousStaffingJson { get; set; }
    /// <summary>Why the action could not be applied, when it could not.</summary>
    public string? ActionError { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAt { get; set; }

    public BreachEvidence Evidence => DomainJson.Deserialize<BreachEvidence>(EvidenceJson);
    public StaffingPolicy? PreviousStaffing => PreviousStaffingJson is null ? null : DomainJson.Deserialize<StaffingPolicy>(PreviousStaffingJson);
    public bool IsOpen => Status == BreachStatus.Open;
}
