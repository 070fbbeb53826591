using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Audit;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Security;

namespace Orchestrator.Infrastructure.Persistence;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
    }
}

internal sealed class WorkflowVersionConfiguration : IEntityTypeConfiguration<WorkflowVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowVersion> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.WorkflowId, x.Number }).IsUnique();
        b.HasOne<Workflow>().WithMany().HasForeignKey(x => x.WorkflowId);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.Ignore(x => x.IsDraft);
        // A version's steps are one document: read and written whole, frozen on publish.
        b.Property(x => x.Steps)
            .UsePropertyAccessMode(PropertyAccessMode.Property)
            .HasConversion(
                steps => DomainJson.Serialize(steps),
                json => DomainJson.Deserialize<List<StepDefinition>>(json),
                new ValueComparer<IReadOnlyList<StepDefinition>>(
                    (a, c) => DomainJson.Serialize(a) == DomainJson.Serialize(c),
                    v => DomainJson.Serialize(v).GetHashCode(),
                    v => DomainJson.Deserialize<List<StepDefinition>>(DomainJson.Serialize(v))))
            .HasColumnName("StepsJson");
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.WorkflowKey, x.ExternalId }).IsUnique();
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.Property(x => x.ExternalId).HasMaxLength(Case.MaxExternalIdLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.TotalCost);
        b.Ignore(x => x.Margin);
        b.Ignore(x => x.Payload);
    }
}

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> b)
    {
        b.ToTable("Tasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Version).IsConcurrencyToken();
        // One stored column says "a person may claim this now", so the queue index is walked in claim order
        // (priority, then SLA, then age) instead of sorting every waiting task under the write lock.
        b.Property<int>(WorkTaskColumns.HumanQueue)
            .HasComputedColumnSql("CASE WHEN \"Route\" = 'Human' AND \"Status\" IN ('Queued', 'Escalated') THEN 1 ELSE 0 END", stored: true);
        b.HasIndex(WorkTaskColumns.HumanQueue, nameof(WorkTask.Priority), nameof(WorkTask.SlaDueAt), nameof(WorkTask.CreatedAt))
            .IsDescending(false, true, false, false);
        b.HasIndex(x => new { x.AssigneeId, x.Status });
        b.HasIndex(x => new { x.AgentProfileKey, x.Status });
        b.HasIndex(x => x.CaseId);
        b.HasIndex(x => new { x.Status, x.LeaseExpiresAt });
        b.HasIndex(x => x.ClaimToken);
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.Status, x.SlaDueAt });
        // The live board reads these from the indexes alone: open tasks by status, step and agent (and who holds them); each step's latest
        // routed tasks; the last day's completions (also the completions by time the dashboards and sweeps read).
        b.HasIndex(x => new { x.Status, x.WorkflowKey, x.StepKey, x.Route, x.AgentProfileKey, x.Kind, x.SlaDueAt, x.CreatedAt, x.AssigneeId });
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.CreatedAt, x.Kind, x.AgentProfileKey });
        b.HasIndex(x => new { x.Status, x.CompletedAt, x.Kind, x.WorkflowKey, x.StepKey, x.Route, x.AgentProfileKey, x.WasEscalated });
        b.Ignore(x => x.Cost);
        b.Ignore(x => x.IsOpen);
        b.Ignore(x => x.InHumanQueue);
        b.Ignore(x => x.Input);
        b.Ignore(x => x.Output);
        b.Ignore(x => x.Draft);
    }
}

internal sealed class WorkerConfiguration : IEntityTypeConfiguration<Worker>
{
    public void Configure(EntityTypeBuilder<Worker> b)
    {
        b.HasKey(x => x.UserId);
        b.Ignore(x => x.SkillList);
    }
}

internal sealed class AgentProfileConfiguration : IEntityTypeConfiguration<AgentProfile>
{
    public void Configure(EntityTypeBuilder<AgentProfile> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Key).IsUnique();
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.SubjectType, x.SubjectId });
    }
}

internal sealed class RoutingStateConfiguration : IEntityTypeConfiguration<StepRoutingState>
{
    public void Configure(EntityTypeBuilder<StepRoutingState> b)
    {
        b.HasKey(x => new { x.WorkflowKey, x.StepKey });
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Hash).IsUnique();
    }
}

internal sealed class TaskCommentConfiguration : IEntityTypeConfiguration<TaskCommentRow>
{
    public void Configure(EntityTypeBuilder<TaskCommentRow> b) => b.HasIndex(x => x.CaseId);
}

internal sealed class AppSettingConfiguration : IEntityTypeConfiguration<AppSetting>
{
    public void Configure(EntityTypeBuilder<AppSetting> b) => b.HasKey(x => x.Key);
}

internal sealed class StaffingOverrideConfiguration : IEntityTypeConfiguration<Work.StaffingOverride>
{
    public void Configure(EntityTypeBuilder<Work.StaffingOverride> b)
    {
        b.HasKey(x => new { x.WorkflowKey, x.StepKey });
        b.Ignore(x => x.Policy);
    }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alerts.Alert>
{
    public void Configure(EntityTypeBuilder<Alerts.Alert> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.AcknowledgedAt, x.Kind });
    }
}

internal sealed class QualityReviewConfiguration : IEntityTypeConfiguration<Domain.Quality.QualityReview>
{
    public void Configure(EntityTypeBuilder<Domain.Quality.QualityReview> b)
    {
        b.HasKey(x => x.Id);
        // The guarantee that no agent output is sampled twice, whatever runs at once.
        b.HasIndex(x => x.ReviewedTaskId).IsUnique();
        b.HasIndex(x => x.ReviewTaskId);
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.AgentProfileKey, x.AgentVersion, x.ReviewedAt });
        b.HasIndex(x => x.AgentCompletedAt);
        b.HasIndex(x => x.SampledAt);
        b.Ignore(x => x.IsReviewed);
    }
}

internal sealed class QualityBreachConfiguration : IEntityTypeConfiguration<Quality.QualityBreach>
{
    public void Configure(EntityTypeBuilder<Quality.QualityBreach> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.Status });
        b.Ignore(x => x.Evidence);
        b.Ignore(x => x.PreviousStaffing);
        b.Ignore(x => x.IsOpen);
    }
}

/// <summary>Columns of the tasks table that exist for queries only, not in the domain.</summary>
public static class WorkTaskColumns
{
    public const string HumanQueue = nameof(HumanQueue);
}
