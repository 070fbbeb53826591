using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Agents;

public sealed record AgentProfileInput(string Key, string Name, AgentKind Kind, string Model, string ModelVersion, string? Endpoint,
    decimal CostPerCall, decimal CostPer1kTokens, int MaxConcurrency, int MaxBacklog, string SettingsJson);

/// <summary>Creates an agent profile or edits one (the key and kind are fixed once created). Audited with before and after.</summary>
public sealed class SaveAgentProfile(WorkStore store, WorkflowCatalog catalog)
{
    public Task<WorkResult<AgentProfile>> HandleAsync(Actor actor, AgentProfileInput input, bool create, CancellationToken ct = default) =>
        store.WriteAsync<AgentProfile>(async (db, effects) =>
        {
            var errors = new List<FieldError>();
            if (input.Endpoint is { Length: > 0 } e && !Uri.TryCreate(e, UriKind.Absolute, out _)) errors.Add(new("endpoint", "Endpoint must be an absolute URL."));
            if (input.Kind is AgentKind.Http or AgentKind.ChatModel && string.IsNullOrWhiteSpace(input.Endpoint)) errors.Add(new("endpoint", $"A {input.Kind} agent needs an endpoint URL."));
            try { using var _ = JsonDocument.Parse(string.IsNullOrWhiteSpace(input.SettingsJson) ? "{}" : input.SettingsJson); }
            catch (JsonException) { errors.Add(new("settingsJson", "Settings must be a JSON object.")); }
            if (input.Kind == AgentKind.Learning) errors.AddRange(await LearningStepErrorsAsync(db, input, ct));
            if (errors.Count > 0) return WorkResult<AgentProfile>.Invalid(errors);

            var now = store.Now;
            var existing = await db.AgentProfiles.SingleOrDefaultAsync(a => a.Key == input.Key, ct);
            if (create)
            {
                if (existing is not null) return WorkResult<AgentProfile>.Invalid([new("key", $"An agent profile with the key '{input.Key}' exists.")]);
                var profile = AgentProfile.Create(input.Key.Trim(), input.Name, input.Kind, input.Model, input.ModelVersion, input.CostPerCall, input.CostPer1kTokens,
                    input.MaxConcurrency, now, input.Endpoint, input.SettingsJson, input.MaxBacklog);
                db.AgentProfiles.Add(profile);
                db.Record(now, actor, "agent.created", "agent", profile.Key, after: Describe(profile));
                effects.Events.Add(new LiveEvent(LiveEvent.Kinds.WorkforceChanged, "", null, null, null, "created"));
                return WorkResult<AgentProfile>.Ok(profile);
            }
            if (existing is null) return WorkResult<AgentProfile>.NotFound($"No agent profile has the key '{input.Key}'.");
            var before = Describe(existing);
            existing.Update(input.Name, input.Model, input.ModelVersion, input.Endpoint, input.CostPerCall, input.CostPer1kTokens, input.MaxConcurrency, input.MaxBacklog, input.SettingsJson);
            db.Record(now, actor, "agent.updated", "agent", existing.Key, before, Describe(existing));
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.WorkforceChanged, "", null, null, null, "updated"));
            return WorkResult<AgentProfile>.Ok(existing);
        }, ct);

    /// <summary>A learning agent may only name steps it can learn: choice and yes/no outputs.</summary>
    private async Task<IEnumerable<FieldError>> LearningStepErrorsAsync(Persistence.OrchestratorDbContext db, AgentProfileInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        foreach (var (workflowKey, stepKey) in Domain.Learning.LearningSettings.Parse(input.SettingsJson).NamedSteps())
        {
            var published = await catalog.LatestPublishedAsync(db, workflowKey, ct);
            var step = published?.Version.Steps.FirstOrDefault(s => s.Key == stepKey);
            if (step is null) errors.Add(new("settingsJson", $"No published workflow '{workflowKey}' has a step '{stepKey}'."));
            else if (Domain.Learning.LearningTargets.WhyNot(step, input.Key) is { } why) errors.Add(new("settingsJson", why));
        }
        return errors;
    }

    private static object Describe(AgentProfile p) => new { p.Name, Kind = p.Kind.ToString(), p.Model, p.ModelVersion, p.Endpoint, p.CostPerCall, p.CostPer1kTokens, p.MaxConcurrency, p.MaxBacklog };
}
