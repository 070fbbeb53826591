using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Alerts;

/// <summary>
/// Raises SLA-breach alerts per step (kept current with the count of late open tasks), lists open alerts, and
/// acknowledges them. After an acknowledgement only tasks that fall late later raise the step again.
/// </summary>
public sealed class AlertService(WorkStore store, IDbContextFactory<OrchestratorDbContext> contexts)
{
    public async Task<IReadOnlyList<Alert>> OpenAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Alerts.AsNoTracking().Where(a => a.AcknowledgedAt == null).OrderByDescending(a => a.UpdatedAt).ToListAsync(ct);
    }

    public async Task<int> RaiseSlaBreachesAsync(CancellationToken ct = default)
    {
        var result = await store.WriteAsync<int>(async (db, effects) =>
        {
            var now = store.Now;
            var late = await db.Tasks.AsNoTracking()
                .Where(t => (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Escalated || t.Status == WorkTaskStatus.Running)
                            && t.SlaDueAt < now)
                .GroupBy(t => new { t.WorkflowKey, t.StepKey, t.StepName })
                .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, g.Key.StepName, Count = g.Count(), Newest = g.Max(t => t.SlaDueAt) })
                .ToListAsync(ct);
            var alerts = await db.Alerts.Where(a => a.Kind == AlertKind.SlaBreach).ToListAsync(ct);
            var changed = 0;
            foreach (var step in late)
            {
                var open = alerts.FirstOrDefault(a => a.AcknowledgedAt == null && a.WorkflowKey == step.WorkflowKey && a.StepKey == step.StepKey);
                var lastAck = alerts.Where(a => a.AcknowledgedAt != null && a.WorkflowKey == step.WorkflowKey && a.StepKey == step.StepKey).Max(a => a.AcknowledgedAt);
                var message = $"{step.Count} open task{(step.Count == 1 ? " is" : "s are")} past their SLA at {step.StepName}.";
                if (open is null)
                {
                    if (lastAck is not null && step.Newest <= lastAck) continue;
                    db.Alerts.Add(new Alert { Kind = AlertKind.SlaBreach, WorkflowKey = step.WorkflowKey, StepKey = step.StepKey, Message = message, Count = step.Count, RaisedAt = now, UpdatedAt = now });
                    db.Record(now, Actor.System, "alert.raised", "step", $"{step.WorkflowKey}/{step.StepKey}", after: message);
                }
                else if (open.Count != step.Count)
                {
                    open.Count = step.Count;
                    open.Message = message;
                    open.UpdatedAt = now;
                }
                else continue;
                changed++;
            }
            if (changed > 0) effects.Events.Add(new LiveEvent(LiveEvent.Kinds.Alert, "", null, null, null, "sla"));
            return WorkResult<int>.Ok(changed);
        }, ct);
        return result.Value;
    }

    public Task<WorkResult<Alert>> AcknowledgeAsync(Actor actor, long id, CancellationToken ct = default) =>
        store.WriteAsync<Alert>(async (db, effects) =>
        {
            var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, ct);
            if (alert is null) return WorkResult<Alert>.NotFound("No such alert.");
            if (alert.AcknowledgedAt is not null) return WorkResult<Alert>.Conflict("acknowledged", $"{alert.AcknowledgedBy} already acknowledged it.");
            alert.AcknowledgedAt = store.Now;
            alert.AcknowledgedBy = actor.Name;
            db.Record(store.Now, actor, "alert.acknowledged", "step", $"{alert.WorkflowKey}/{alert.StepKey}", before: alert.Message);
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.Alert, alert.WorkflowKey, alert.StepKey, null, null, "acknowledged"));
            return WorkResult<Alert>.Ok(alert);
        }, ct);
}
