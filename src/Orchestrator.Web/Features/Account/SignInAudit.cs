using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Features.Account;

/// <summary>Sign-ins, failures, lockouts and sign-outs go to the audit trail.</summary>
public sealed class SignInAudit(IDbContextFactory<OrchestratorDbContext> contexts, TimeProvider clock)
{
    public async Task RecordAsync(string email, SignInResult result)
    {
        var action = result.Succeeded ? "user.signed-in" : result.IsLockedOut ? "user.locked-out" : "user.sign-in-failed";
        await WriteAsync(Actor.User(email, email), action, email);
    }

    public Task RecordSignOutAsync(ClaimsPrincipal user) =>
        WriteAsync(Actor.User(user.UserId() ?? "", user.DisplayName()), "user.signed-out", user.Identity?.Name ?? "");

    private async Task WriteAsync(Actor actor, string action, string subject)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.Record(clock.GetUtcNow().UtcDateTime, actor, action, "user", subject);
        await db.SaveChangesAsync();
    }
}
