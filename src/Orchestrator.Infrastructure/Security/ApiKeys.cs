using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Security;

public sealed record IssuedKey(ApiKey Key, string Secret);

/// <summary>Admins issue and revoke API keys. The secret exists only in the answer to Issue; the store keeps its hash.</summary>
public sealed class ApiKeys(WorkStore store, IDbContextFactory<OrchestratorDbContext> contexts)
{
    public static readonly IReadOnlyList<string> KnownScopes = ["cases", "tasks", "workflows"];

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }

    public Task<WorkResult<IssuedKey>> IssueAsync(Actor actor, string name, IReadOnlyCollection<string> scopes, string? agentProfileKey, int? expiresInDays, CancellationToken ct = default) =>
        store.WriteAsync<IssuedKey>(async (db, _) =>
        {
            var errors = new List<FieldError>();
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100) errors.Add(new("name", "Give the key a name of at most 100 characters."));
            if (scopes.Count == 0 || scopes.Any(s => !KnownScopes.Contains(s))) errors.Add(new("scopes", $"Choose scopes among: {string.Join(", ", KnownScopes)}."));
            if (expiresInDays is < 1 or > 3650) errors.Add(new("expiresInDays", "Expiry must be between 1 and 3650 days, or none."));
            if (scopes.Contains("tasks") && string.IsNullOrWhiteSpace(agentProfileKey)) errors.Add(new("agentProfileKey", "A key with the tasks scope works for one agent profile: choose it."));
            if (!string.IsNullOrWhiteSpace(agentProfileKey) && !await db.AgentProfiles.AnyAsync(a => a.Key == agentProfileKey, ct))
                errors.Add(new("agentProfileKey", $"No agent profile has the key '{agentProfileKey}'."));
            if (errors.Count > 0) return WorkResult<IssuedKey>.Invalid(errors);
            var secret = ApiKey.NewSecret();
            var now = store.Now;
            var key = new ApiKey
            {
                Id = Guid.NewGuid(), Name = name.Trim(), Prefix = secret[..10], Hash = ApiKey.HashSecret(secret), Scopes = string.Join(',', scopes),
                AgentProfileKey = string.IsNullOrWhiteSpace(agentProfileKey) ? null : agentProfileKey, CreatedAt = now, CreatedBy = actor.Name,
                ExpiresAt = expiresInDays is { } d ? now.AddDays(d) : null,
            };
            db.ApiKeys.Add(key);
            db.Record(now, actor, "apikey.issued", "apikey", key.Id.ToString(), after: new { key.Name, key.Scopes, key.AgentProfileKey, key.ExpiresAt });
            return WorkResult<IssuedKey>.Ok(new IssuedKey(key, secret));
        }, ct);

    public Task<WorkResult<ApiKey>> RevokeAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        store.WriteAsync<ApiKey>(async (db, _) =>
        {
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
            if (key is null) return WorkResult<ApiKey>.NotFound("No such API key.");
            if (key.RevokedAt is not null) return WorkResult<ApiKey>.Refused("revoked", "This key is already revoked.");
            key.RevokedAt = store.Now;
            db.Record(store.Now, actor, "apikey.revoked", "apikey", key.Id.ToString(), before: key.Name);
            return WorkResult<ApiKey>.Ok(key);
        }, ct);
}
