namespace Orchestrator.Infrastructure.Work;

/// <summary>Timings of the work engine. Bound from the "Work" configuration section.</summary>
public sealed class WorkOptions
{
    public const string Section = "Work";

    /// <summary>How long a human's claim lasts without activity before the task returns to the queue.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How long an agent run may hold a task before it counts as lost and is retried.</summary>
    public TimeSpan AgentLease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How many agent runs the queue drain keeps in flight at once (each agent still under its own cap).</summary>
    public int AgentRunsInFlight { get; set; } = 64;
    /// <summary>How often expired leases are swept and idle agent slots filled.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// On a store that takes many writers at once (PostgreSQL): how many "next task" claim batches may run side by side.
    /// A worker's claims always share one lane, so two batches never wait on each other's worker locks. SQLite has one.
    /// One is the default: on 2 cores more lanes measured slower (each batch's pick skips the rows the others hold
    /// locked); a server with many cores may gain from more — measure with the claims-pg benchmark's --lanes.
    /// </summary>
    public int ClaimLanes { get; set; } = 1;
    /// <summary>At most this many "next task" claims share one transaction.</summary>
    public int ClaimBatch { get; set; } = 64;
    /// <summary>The skill a human needs to take review tasks.</summary>
    public string ReviewerSkill { get; set; } = "review";
    public int ReviewSlaMinutes { get; set; } = 240;
    /// <summary>A task is "at risk" when less than this share of its SLA is left.</summary>
    public double SlaAtRiskShare { get; set; } = 0.25;
}
