using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>An orchestrator's one-click promotion of a challenger: it serves from the next task on; the champion steps down.</summary>
public sealed class PromoteModelVersion(WorkStore store)
{
    public Task<WorkResult<ModelVersion>> HandleAsync(Actor actor, Guid versionId, CancellationToken ct = default) =>
        store.WriteAsync<ModelVersion>(async (db, effects) =>
        {
            var version = await db.ModelVersions.SingleOrDefaultAsync(v => v.Id == versionId, ct);
            if (version is null) return WorkResult<ModelVersion>.NotFound("No such model version.");
            if (version.Status != ModelVersionStatus.Challenger)
                return WorkResult<ModelVersion>.Conflict("not-challenger", $"Version {version.Number} is {version.Status.ToString().ToLowerInvariant()}; only a challenger can be promoted.");
            await ApplyAsync(db, version, actor, $"Promoted by {actor.Name}.", store.Now, ct);
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.PolicyChanged, version.WorkflowKey, version.StepKey, null, null, "model"));
            return WorkResult<ModelVersion>.Ok(version);
        }, ct);

    internal static async Task ApplyAsync(OrchestratorDbContext db, ModelVersion version, Actor actor, string reason, DateTime now, CancellationToken ct)
    {
        var champion = await db.ModelVersions.SingleOrDefaultAsync(v => v.ProfileKey == version.ProfileKey && v.WorkflowKey == version.WorkflowKey
            && v.StepKey == version.StepKey && v.Status == ModelVersionStatus.Champion, ct);
        champion?.Retire($"Replaced by v{version.Number}.");
        version.Promote(actor.Name, now);
        db.Record(now, actor, "model.promoted", "model", $"{version.ProfileKey}/{version.WorkflowKey}/{version.StepKey}/v{version.Number}",
            before: champion is null ? null : new { Champion = champion.Number, champion.Accuracy, champion.Ece },
            after: new { Champion = version.Number, version.Accuracy, version.Ece }, reason: reason);
    }
}
