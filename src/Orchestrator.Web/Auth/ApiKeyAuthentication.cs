using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Security;

namespace Orchestrator.Web.Auth;

/// <summary>"Authorization: Bearer &lt;key&gt;": the key's hash is looked up; revoked and expired keys are refused.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<OrchestratorDbContext> contexts, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string AgentClaim = "agent";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed API key.");
        var hash = ApiKey.HashSecret(secret);
        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (key is null || !key.IsUsable(now)) return AuthenticateResult.Fail("Unknown, revoked or expired API key.");
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "apikey:" + key.Id), new(ClaimTypes.Name, "API key " + key.Name) };
        claims.AddRange(key.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => new Claim(ScopeClaim, s)));
        if (key.AgentProfileKey is not null) claims.Add(new Claim(AgentClaim, key.AgentProfileKey));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
