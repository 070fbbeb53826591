using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Infrastructure.Work;

/// <summary>An orchestrator turns a step's staffing dial live. New tasks are routed by the new policy from the next one on.</summary>
public sealed class ChangeStaffing(WorkStore store, WorkflowCatalog catalog)
{
    public Task<WorkResult<StaffingPolicy>> HandleAsync(Actor actor, string workflowKey, string stepKey, StaffingPolicy policy, CancellationToken ct = default) =>
        store.WriteAsync<StaffingPolicy>(async (db, effects) =>
        {
            var published = await catalog.LatestPublishedAsync(db, workflowKey, ct);
            if (published is null) return WorkResult<StaffingPolicy>.NotFound($"No published workflow has the key '{workflowKey}'.");
            var step = published.Value.Version.Steps.FirstOrDefault(s => s.Key == stepKey);
            if (step is null) return WorkResult<StaffingPolicy>.NotFound($"Workflow '{workflowKey}' has no step '{stepKey}'.");
            policy = policy with { SetBy = actor.Name, KeepHumansNote = policy.KeepHumansNote?.Trim() };
            var errors = WorkflowValidator.ValidateStaffing(policy).ToList();
            var known = await db.AgentProfiles.AsNoTracking().Select(a => a.Key).ToListAsync(ct);
            errors.AddRange(policy.AllowedAgents.Where(a => !known.Contains(a)).Select(a => new FieldError("allowedAgents", $"No agent profile has the key '{a}'.")));
            var learning = await db.AgentProfiles.AsNoTracking().Where(a => a.Kind == Domain.Agents.AgentKind.Learning && policy.AllowedAgents.Contains(a.Key)).Select(a => a.Key).ToListAsync(ct);
            errors.AddRange(learning.Select(k => Domain.Learning.LearningTargets.WhyNot(step, k)).OfType<string>().Select(m => new FieldError("allowedAgents", m)));
            errors.AddRange(await Quality.Golden.GoldenGate.ErrorsAsync(db, workflowKey, step with { Staffing = policy }, "allowedAgents", ct));
            if (errors.Count > 0) return WorkResult<StaffingPolicy>.Invalid(errors);

            var before = (await StepPolicies.EffectiveAsync(db, workflowKey, step, ct)).Staffing;
            var row = await db.StaffingOverrides.SingleOrDefaultAsync(o => o.WorkflowKey == workflowKey && o.StepKey == stepKey, ct);
            if (row is null) db.StaffingOverrides.Add(row = new StaffingOverride { WorkflowKey = workflowKey, StepKey = stepKey });
            row.StaffingJson = DomainJson.Serialize(policy);
            row.SetBy = actor.Name;
            row.SetAt = store.Now;
            StepPolicies.Forget(db);
            db.Record(store.Now, actor, "staffing.changed", "step", $"{workflowKey}/{stepKey}", before, policy,
                policy.KeepsHumans ? $"{policy.KeepHumansReason}: {policy.KeepHumansNote}" : null);
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.PolicyChanged, workflowKey, stepKey, null, null, policy.Mode.ToString()));
            return WorkResult<StaffingPolicy>.Ok(policy);
        }, ct);
}
