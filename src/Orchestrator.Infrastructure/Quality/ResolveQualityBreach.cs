using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality;

/// <summary>
/// An orchestrator acknowledges a quality breach (its action stays, its alert closes) or reverts it: the staffing the
/// action changed is put back, or the paused agent resumed. Both are audited.
/// </summary>
public sealed class ResolveQualityBreach(WorkStore store, ChangeStaffing staffing, ControlAgent agents)
{
    public Task<WorkResult<QualityBreach>> AcknowledgeAsync(Actor actor, long id, CancellationToken ct = default) =>
        CloseAsync(actor, id, BreachStatus.Acknowledged, ct);

    public async Task<WorkResult<QualityBreach>> RevertAsync(Actor actor, long id, CancellationToken ct = default)
    {
        QualityBreach? breach;
        await using (var db = await store.ReadAsync(ct))
            breach = await db.QualityBreaches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (breach is null) return WorkResult<QualityBreach>.NotFound("No such quality breach.");
        if (!breach.IsOpen) return WorkResult<QualityBreach>.Conflict("resolved", $"{breach.ResolvedBy} already {breach.Status.ToString().ToLowerInvariant()} it.");
        var reason = $"Reverting quality breach #{breach.Id}";
        switch (breach.Action)
        {
            case BreachAction.RaiseOversight or BreachAction.RouteToHumans when breach.PreviousStaffing is { } previous:
                var restored = await staffing.HandleAsync(actor, breach.WorkflowKey, breach.StepKey, previous, ct);
                if (!restored.Succeeded) return WorkResult<QualityBreach>.From(restored);
                break;
            case BreachAction.PauseAgent:
                var resumed = await agents.HandleAsync(actor, breach.AgentProfileKey, AgentCommand.Resume, reason, ct);
                if (!resumed.Succeeded && resumed.Code != "agent.illegal-transition") return WorkResult<QualityBreach>.From(resumed);
                break;
        }
        return await CloseAsync(actor, id, BreachStatus.Reverted, ct);
    }

    private Task<WorkResult<QualityBreach>> CloseAsync(Actor actor, long id, BreachStatus status, CancellationToken ct) =>
        store.WriteAsync<QualityBreach>(async (db, effects) =>
        {
            var breach = await db.QualityBreaches.SingleOrDefaultAsync(b => b.Id == id, ct);
            if (breach is null) return WorkResult<QualityBreach>.NotFound("No such quality breach.");
            if (!breach.IsOpen) return WorkResult<QualityBreach>.Conflict("resolved", $"{breach.ResolvedBy} already {breach.Status.ToString().ToLowerInvariant()} it.");
            var now = store.Now;
            breach.Status = status;
            breach.ResolvedBy = actor.Name;
            breach.ResolvedAt = now;
            var stillOpen = await db.QualityBreaches.AnyAsync(b => b.Id != id && b.Status == BreachStatus.Open && b.WorkflowKey == breach.WorkflowKey && b.StepKey == breach.StepKey, ct);
            if (!stillOpen)
                foreach (var alert in await db.Alerts.Where(a => a.Kind == AlertKind.Quality && a.AcknowledgedAt == null && a.WorkflowKey == breach.WorkflowKey && a.StepKey == breach.StepKey).ToListAsync(ct))
                {
                    alert.AcknowledgedAt = now;
                    alert.AcknowledgedBy = actor.Name;
                }
            db.Record(now, actor, $"quality.breach-{status.ToString().ToLowerInvariant()}", "step", $"{breach.WorkflowKey}/{breach.StepKey}",
                before: BreachStatus.Open.ToString(), after: status.ToString(), reason: breach.Summary);
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.Alert, breach.WorkflowKey, breach.StepKey, null, null, "quality"));
            return WorkResult<QualityBreach>.Ok(breach);
        }, ct);
}
