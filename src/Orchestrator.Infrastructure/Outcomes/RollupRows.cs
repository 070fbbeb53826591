using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Tasks;

namespace Orchestrator.Infrastructure.Outcomes;

/// <summary>
/// Completed cases of one workflow on one day (UTC, by completion) whose time to outcome falls in one duration bucket.
/// Money is kept in millionths (costs are rounded to at most 6 places), so sums are exact and equal the raw tables'.
/// </summary>
public sealed class OutcomeRollup
{
    public string WorkflowKey { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>Lower bound, in minutes, of the time-to-outcome bucket (see <see cref="OutcomeDurations"/>).</summary>
    public int DurationBucket { get; set; }
    public int Outcomes { get; set; }
    public long RevenueMicros { get; set; }
    public long HumanCostMicros { get; set; }
    public long AgentCostMicros { get; set; }
    public long ReviewCostMicros { get; set; }
    public int StepTasks { get; set; }
    public int AgentStepTasks { get; set; }
}

/// <summary>
/// Finished tasks (completed, cancelled, failed) of one step on one day (UTC, by end), by kind, status, route and agent.
/// For a review, <see cref="AgentKey"/> is the agent whose output was reviewed.
/// </summary>
public sealed class StepRollup
{
    public string WorkflowKey { get; set; } = "";
    public DateOnly Day { get; set; }
    public string StepKey { get; set; } = "";
    public TaskKind Kind { get; set; }
    public WorkTaskStatus Status { get; set; }
    public TaskRoute Route { get; set; }
    public string AgentKey { get; set; } = "";
    public int Tasks { get; set; }
    public long HumanCostMicros { get; set; }
    public long AgentCostMicros { get; set; }
    public long HandleMillis { get; set; }
    public int Escalated { get; set; }
    public int WithinSla { get; set; }
    public int Passed { get; set; }
    public int Failed { get; set; }
}

internal sealed class OutcomeRollupConfiguration : IEntityTypeConfiguration<OutcomeRollup>
{
    public void Configure(EntityTypeBuilder<OutcomeRollup> b)
    {
        b.ToTable("OutcomeRollups");
        b.HasKey(x => new { x.WorkflowKey, x.Day, x.DurationBucket });
    }
}

internal sealed class StepRollupConfiguration : IEntityTypeConfiguration<StepRollup>
{
    public void Configure(EntityTypeBuilder<StepRollup> b)
    {
        b.ToTable("StepRollups");
        b.HasKey(x => new { x.WorkflowKey, x.Day, x.StepKey, x.Kind, x.Status, x.Route, x.AgentKey });
    }
}
