using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Infrastructure.Quality.Shadow;

/// <summary>
/// A live per-step setting, like a staffing override: a challenger agent profile runs in the shadow of the step's
/// tasks (a share of them), never completing them. Ends when it is stopped or promoted.
/// </summary>
public sealed class ShadowTrial
{
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public string ChallengerKey { get; set; } = "";
    /// <summary>Percent of the step's completed tasks the challenger also answers, 1–100.</summary>
    public int SharePercent { get; set; }
    public string StartedBy { get; set; } = "";
    public DateTime StartedAt { get; set; }
    /// <summary>Tasks completed up to this moment have been considered for a shadow run.</summary>
    public DateTime ScannedUntil { get; set; }
}

/// <summary>A challenger's answer on a task another worker completed, kept for comparison only.</summary>
public sealed class ShadowRun
{
    public long Id { get; set; }
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public Guid TaskId { get; set; }
    public string ChallengerKey { get; set; } = "";
    public string ChallengerVersion { get; set; } = "";
    /// <summary>Who completed the task: an agent profile key or a person's name.</summary>
    public string Champion { get; set; } = "";
    public string? OutputJson { get; set; }
    public double? Confidence { get; set; }
    public string? Failure { get; set; }
    /// <summary>The call's cost: evaluation cost, never charged to the case.</summary>
    public decimal Cost { get; set; }
    public int Tokens { get; set; }
    public DateTime RanAt { get; set; }
}

internal sealed class ShadowTrialConfiguration : IEntityTypeConfiguration<ShadowTrial>
{
    public void Configure(EntityTypeBuilder<ShadowTrial> b) => b.HasKey(x => new { x.WorkflowKey, x.StepKey });
}

internal sealed class ShadowRunConfiguration : IEntityTypeConfiguration<ShadowRun>
{
    public void Configure(EntityTypeBuilder<ShadowRun> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.TaskId, x.ChallengerKey }).IsUnique();
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.ChallengerKey, x.ChallengerVersion });
    }
}
