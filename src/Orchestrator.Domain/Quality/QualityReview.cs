using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;

namespace Orchestrator.Domain.Quality;

/// <summary>Why an agent's output went to a reviewer: picked by the sampler, or every output is reviewed (ReviewAll).</summary>
public enum ReviewSource { Sampled, ReviewAll }

/// <summary>
/// One completed agent task under review, and the reviewer's verdict once given. At most one per reviewed task, so no
/// task is ever sampled twice. These rows are what accuracy, calibration and drift are measured from.
/// </summary>
public sealed class QualityReview
{
    private QualityReview() { WorkflowKey = ""; StepKey = ""; AgentProfileKey = ""; AgentVersion = ""; }

    public long Id { get; private set; }
    public Guid ReviewedTaskId { get; private set; }
    public Guid ReviewTaskId { get; private set; }
    public Guid CaseId { get; private set; }
    public string WorkflowKey { get; private set; }
    public string StepKey { get; private set; }
    public string AgentProfileKey { get; private set; }
    /// <summary>The agent profile's model version when the output was taken for review.</summary>
    public string AgentVersion { get; private set; }
    public double? Confidence { get; private set; }
    public ReviewSource Source { get; private set; }
    public DateTime AgentCompletedAt { get; private set; }
    public DateTime SampledAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    /// <summary>The overall verdict; null until reviewed.</summary>
    public bool? Passed { get; private set; }
    /// <summary>Criterion name → passed, as JSON.</summary>
    public string? CriteriaJson { get; private set; }
    public string? CorrectedOutputJson { get; private set; }
    public string? Notes { get; private set; }
    public string? ReviewerId { get; private set; }
    public string? ReviewerName { get; private set; }

    public bool IsReviewed => Passed is not null;

    public static QualityReview Create(WorkTask reviewed, WorkTask review, string agentVersion, ReviewSource source, DateTime now)
    {
        if (review.Kind != TaskKind.Review || review.ReviewOfTaskId != reviewed.Id)
            throw new DomainException("quality.wrong-review", "The review task does not review that task.");
        if (reviewed.AgentProfileKey is null || reviewed.CompletedBy != reviewed.AgentProfileKey)
            throw new DomainException("quality.not-agent-output", "Only an agent's completed output is measured.");
        return new QualityReview
        {
            ReviewedTaskId = reviewed.Id, ReviewTaskId = review.Id, CaseId = reviewed.CaseId, WorkflowKey = reviewed.WorkflowKey,
            StepKey = reviewed.StepKey, AgentProfileKey = reviewed.AgentProfileKey, AgentVersion = agentVersion, Confidence = reviewed.Confidence,
            Source = source, AgentCompletedAt = reviewed.CompletedAt ?? now, SampledAt = now,
        };
    }

    public void Record(Verdict verdict, string reviewerId, string reviewerName, DateTime now)
    {
        if (IsReviewed) throw new DomainException("quality.already-reviewed", $"{ReviewerName} already gave the verdict on this output.");
        Passed = verdict.Pass;
        CriteriaJson = DomainJson.Serialize(verdict.Criteria);
        CorrectedOutputJson = verdict.CorrectedOutput is null ? null : DomainJson.Write(verdict.CorrectedOutput);
        Notes = verdict.Notes;
        ReviewerId = reviewerId;
        ReviewerName = reviewerName;
        ReviewedAt = now;
    }
}
