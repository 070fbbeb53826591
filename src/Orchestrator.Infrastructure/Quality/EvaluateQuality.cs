using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality;

/// <summary>
/// Checks each stream of verdicts (step × agent profile × version) against its step's quality policy. A breach — below
/// target with confidence, or drift — is recorded with its evidence, raises a live quality alert for orchestrators, and
/// applies the policy's action: more oversight, the step back to humans, the agent paused, or its learning agents
/// retrained (a challenger, promoted as the profile's policy allows). A stream that breached is
/// not acted on again until its breach is resolved and a window of fresh verdicts has come in.
/// </summary>
public sealed class EvaluateQuality(WorkStore store, WorkflowCatalog catalog, ChangeStaffing staffing, ControlAgent agents, ILogger<EvaluateQuality> logger,
    Learning.RequestRetrain? retrain = null)
{
    /// <summary>Evaluates every step with verdicts; returns the breaches raised.</summary>
    public async Task<IReadOnlyList<QualityBreach>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        var steps = await db.QualityReviews.AsNoTracking().Where(r => r.Passed != null)
            .Select(r => new { r.WorkflowKey, r.StepKey }).Distinct().ToListAsync(ct);
        var raised = new List<QualityBreach>();
        foreach (var s in steps) raised.AddRange(await StepAsync(s.WorkflowKey, s.StepKey, ct));
        return raised;
    }

    public async Task<IReadOnlyList<QualityBreach>> StepAsync(string workflowKey, string stepKey, CancellationToken ct = default)
    {
        var result = await store.WriteAsync<List<QualityBreach>>(async (db, effects) =>
        {
            var published = await catalog.LatestPublishedAsync(db, workflowKey, ct);
            var step = published?.Version.Steps.FirstOrDefault(s => s.Key == stepKey);
            if (step is null) return WorkResult<List<QualityBreach>>.Ok([]);
            var verdicts = await db.QualityReviews.AsNoTracking()
                .Where(r => r.WorkflowKey == workflowKey && r.StepKey == stepKey && r.Passed != null)
                .OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id)
                .Select(r => new { r.AgentProfileKey, r.AgentVersion, Passed = r.Passed!.Value }).ToListAsync(ct);
            var earlier = await db.QualityBreaches.AsNoTracking().Where(b => b.WorkflowKey == workflowKey && b.StepKey == stepKey).ToListAsync(ct);
            var now = store.Now;
            var raised = new List<QualityBreach>();
            foreach (var stream in verdicts.GroupBy(v => (v.AgentProfileKey, v.AgentVersion)))
            {
                var passes = stream.Select(v => v.Passed).ToList();
                var evidence = BreachCheck.Check(step.Quality, passes);
                if (evidence is null) continue;
                var last = earlier.Where(b => b.AgentProfileKey == stream.Key.AgentProfileKey && b.AgentVersion == stream.Key.AgentVersion)
                    .MaxBy(b => b.RaisedAt);
                if (last is not null && (last.IsOpen || passes.Count < last.Reviews + Math.Max(1, step.Quality.DriftWindow))) continue;

                var current = (await StepPolicies.EffectiveAsync(db, workflowKey, step, ct)).Staffing;
                var breach = new QualityBreach
                {
                    WorkflowKey = workflowKey, StepKey = stepKey, StepName = step.Name, AgentProfileKey = stream.Key.AgentProfileKey,
                    AgentVersion = stream.Key.AgentVersion, Kind = evidence.Kind, Action = step.Quality.OnBreach, Reviews = passes.Count,
                    Summary = $"{step.Name}, {stream.Key.AgentProfileKey} v{stream.Key.AgentVersion}: {evidence.Describe()}.",
                    EvidenceJson = DomainJson.Serialize(evidence), RaisedAt = now, Status = BreachStatus.Open,
                    PreviousStaffingJson = DomainJson.Serialize(current),
                };
                db.QualityBreaches.Add(breach);
                await RaiseAlertAsync(db, breach, now, ct);
                db.Record(now, Actor.System, "quality.breach", "step", $"{workflowKey}/{stepKey}", before: null, after: evidence,
                    reason: $"{breach.Summary} Action: {breach.Action}.");
                raised.Add(breach);
            }
            if (raised.Count > 0) effects.Events.Add(new LiveEvent(LiveEvent.Kinds.Alert, workflowKey, stepKey, null, null, "quality"));
            return WorkResult<List<QualityBreach>>.Ok(raised);
        }, ct);
        var breaches = result.Value ?? [];
        foreach (var breach in breaches) await ApplyAsync(breach, ct);
        return breaches;
    }

    /// <summary>One open quality alert per step, kept current with the latest breach.</summary>
    private static async Task RaiseAlertAsync(OrchestratorDbContext db, QualityBreach breach, DateTime now, CancellationToken ct)
    {
        var open = db.Alerts.Local.FirstOrDefault(a => a.Kind == AlertKind.Quality && a.AcknowledgedAt == null && a.WorkflowKey == breach.WorkflowKey && a.StepKey == breach.StepKey)
                   ?? await db.Alerts.FirstOrDefaultAsync(a => a.Kind == AlertKind.Quality && a.AcknowledgedAt == null && a.WorkflowKey == breach.WorkflowKey && a.StepKey == breach.StepKey, ct);
        var message = $"Quality: {breach.Summary} {ActionText(breach.Action)}";
        if (open is null)
            db.Alerts.Add(new Alert { Kind = AlertKind.Quality, WorkflowKey = breach.WorkflowKey, StepKey = breach.StepKey, Message = message, Count = 1, RaisedAt = now, UpdatedAt = now });
        else
        {
            open.Message = message;
            open.Count++;
            open.UpdatedAt = now;
        }
    }

    public static string ActionText(BreachAction action) => action switch
    {
        BreachAction.RaiseOversight => "Every agent output of the step now goes to a reviewer (ReviewAll).",
        BreachAction.RouteToHumans => "The step's work now goes to people (agent share 0).",
        BreachAction.PauseAgent => "The agent is paused.",
        BreachAction.Retrain => "The step's learning agent is retraining; its new version waits as a challenger.",
        _ => "",
    };

    /// <summary>Applies the policy's action through the same operations an orchestrator uses, each audited with the evidence as its reason.</summary>
    private async Task ApplyAsync(QualityBreach breach, CancellationToken ct)
    {
        var reason = $"Quality breach #{breach.Id}: {breach.Summary}";
        string? error = null;
        var previous = breach.PreviousStaffing!;
        switch (breach.Action)
        {
            case BreachAction.RaiseOversight when previous.Oversight != Oversight.ReviewAll:
                error = (await staffing.HandleAsync(Actor.System, breach.WorkflowKey, breach.StepKey, previous with { Oversight = Oversight.ReviewAll }, ct)).Message;
                break;
            case BreachAction.RouteToHumans when previous.Mode != StaffingMode.Human:
                var toHumans = previous with
                {
                    Mode = StaffingMode.Hybrid, AgentShare = 0,
                    KeepHumansReason = KeepHumansReason.Other, KeepHumansNote = reason.Length > 500 ? reason[..500] : reason,
                };
                error = (await staffing.HandleAsync(Actor.System, breach.WorkflowKey, breach.StepKey, toHumans, ct)).Message;
                break;
            case BreachAction.PauseAgent:
                var paused = await agents.HandleAsync(Actor.System, breach.AgentProfileKey, AgentCommand.Pause, reason, ct);
                if (!paused.Succeeded && paused.Code != "agent.illegal-transition") error = paused.Message;
                break;
            case BreachAction.Retrain:
                error = retrain is null ? "Retraining is not available in this process."
                    : await retrain.ForStepAsync(Actor.System, breach.WorkflowKey, breach.StepKey, breach.AgentProfileKey, ct);
                break;
        }
        if (error is null) return;
        logger.LogWarning("Quality breach {Id}: the {Action} action failed: {Error}", breach.Id, breach.Action, error);
        await store.WriteAsync<bool>(async (db, _) =>
        {
            var row = await db.QualityBreaches.SingleAsync(b => b.Id == breach.Id, ct);
            row.ActionError = error;
            return WorkResult<bool>.Ok(true);
        }, ct);
    }
}
