using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Infrastructure.Persistence;

/// <summary>Applies migrations and makes sure the roles exist. Runs once at start-up, before the app serves requests.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<OrchestratorDbContext> contexts, RoleManager<IdentityRole> roles)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
            await Outcomes.RollupsBuilt.EnsureAsync(db, ct);
        }
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }
}
