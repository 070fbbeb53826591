using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Learning;

namespace Orchestrator.Infrastructure.Learning;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ProfileKey, x.WorkflowKey, x.StepKey, x.Number }).IsUnique();
        b.HasIndex(x => new { x.WorkflowKey, x.StepKey, x.Status });
        b.Ignore(x => x.IsChampion);
        b.Ignore(x => x.Metrics);
        b.Ignore(x => x.Calibration);
        b.Ignore(x => x.Curve);
        b.Ignore(x => x.Fields);
        b.Ignore(x => x.Features);
        b.Ignore(x => x.AccuracyInterval);
    }
}
