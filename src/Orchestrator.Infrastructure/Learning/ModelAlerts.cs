using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>A model version that cannot serve: marked unusable, audited, and an alert says why (its step's tasks go to people).</summary>
public sealed class ModelAlerts(WorkStore store)
{
    public Task MarkUnusableAsync(Guid versionId, string reason, CancellationToken ct = default) =>
        store.WriteAsync<bool>(async (db, effects) =>
        {
            var version = await db.ModelVersions.SingleOrDefaultAsync(v => v.Id == versionId, ct);
            if (version is null || version.Status == ModelVersionStatus.Unusable) return WorkResult<bool>.Ok(false);
            var before = version.Status;
            version.MarkUnusable(reason);
            var now = store.Now;
            var message = $"Model {version.ProfileKey} v{version.Number} cannot serve: {reason} Its tasks go to people until a model is retrained or promoted.";
            var open = await db.Alerts.FirstOrDefaultAsync(a => a.Kind == AlertKind.Model && a.AcknowledgedAt == null && a.WorkflowKey == version.WorkflowKey && a.StepKey == version.StepKey, ct);
            if (open is null)
                db.Alerts.Add(new Alert { Kind = AlertKind.Model, WorkflowKey = version.WorkflowKey, StepKey = version.StepKey, Message = message, Count = 1, RaisedAt = now, UpdatedAt = now });
            else { open.Message = message; open.Count++; open.UpdatedAt = now; }
            db.Record(now, Actor.System, "model.unusable", "model", $"{version.ProfileKey}/{version.WorkflowKey}/{version.StepKey}/v{version.Number}",
                before: new { Status = before.ToString() }, after: new { Status = version.Status.ToString() }, reason: reason);
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.Alert, version.WorkflowKey, version.StepKey, null, null, "model"));
            return WorkResult<bool>.Ok(true);
        }, ct);
}
