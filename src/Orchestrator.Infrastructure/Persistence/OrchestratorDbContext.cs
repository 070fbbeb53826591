using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Audit;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Security;

namespace Orchestrator.Infrastructure.Persistence;

public sealed class OrchestratorDbContext(DbContextOptions<OrchestratorDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Workflow> Workflows => Set<Workflow>();
    public DbSet<WorkflowVersion> WorkflowVersions => Set<WorkflowVersion>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<WorkTask> Tasks => Set<WorkTask>();
    public DbSet<Worker> Workers => Set<Worker>();
    public DbSet<AgentProfile> AgentProfiles => Set<AgentProfile>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<StepRoutingState> RoutingStates => Set<StepRoutingState>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<TaskCommentRow> TaskComments => Set<TaskCommentRow>();
    public DbSet<AppSetting> Settings => Set<AppSetting>();
    public DbSet<Work.StaffingOverride> StaffingOverrides => Set<Work.StaffingOverride>();
    public DbSet<Alerts.Alert> Alerts => Set<Alerts.Alert>();
    /// <summary>Shared by every instance, so a cookie issued by one is honoured by the others.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Values read once per unit of work (one context) and kept current by the unit itself, so a unit that finishes many
    /// agent runs does not read them again for every task. On SQLite nobody else can change them inside the write
    /// transaction; on PostgreSQL a concurrent change is seen by the next unit.
    /// </summary>
    internal Dictionary<string, object> Memo { get; } = [];

    // Contexts are pooled (see StoreSetup): a context goes back to the pool on dispose, and the next unit of work must not see this one's memo.
    public override void Dispose()
    {
        Memo.Clear();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Memo.Clear();
        return base.DisposeAsync();
    }
    public DbSet<Domain.Quality.QualityReview> QualityReviews => Set<Domain.Quality.QualityReview>();
    public DbSet<Quality.QualityBreach> QualityBreaches => Set<Quality.QualityBreach>();
    public DbSet<Quality.Golden.GoldenExample> GoldenExamples => Set<Quality.Golden.GoldenExample>();
    public DbSet<Quality.Golden.GoldenRun> GoldenRuns => Set<Quality.Golden.GoldenRun>();
    public DbSet<Quality.Shadow.ShadowTrial> ShadowTrials => Set<Quality.Shadow.ShadowTrial>();
    public DbSet<Quality.Shadow.ShadowRun> ShadowRuns => Set<Quality.Shadow.ShadowRun>();
    public DbSet<Outcomes.OutcomeRollup> OutcomeRollups => Set<Outcomes.OutcomeRollup>();
    public DbSet<Outcomes.StepRollup> StepRollups => Set<Outcomes.StepRollup>();

    /// <summary>Every save carries its outcome rollup deltas in the same transaction (see <see cref="Outcomes.RollupChanges"/>).</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        Outcomes.RollupChanges.SaveWithRollupsAsync(this, () => base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        Outcomes.RollupChanges.SaveWithRollupsAsync(this, () => Task.FromResult(base.SaveChanges(acceptAllChangesOnSuccess)), CancellationToken.None)
            .GetAwaiter().GetResult();
    public DbSet<Domain.Learning.ModelVersion> ModelVersions => Set<Domain.Learning.ModelVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(OrchestratorDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no decimal type it can sum or compare; money is kept to 4–6 places, so a double holds it exactly enough.
        if (Database.IsSqlite()) builder.Properties<decimal>().HaveConversion<double>();
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        // All times are UTC; say so when they come back, so they serialize with their zone.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>A note a person leaves on a task.</summary>
public sealed class TaskCommentRow
{
    public long Id { get; set; }
    public Guid TaskId { get; set; }
    public Guid CaseId { get; set; }
    public string Author { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>A small key/value row for one-time markers such as "demo seeded".</summary>
public sealed class AppSetting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
