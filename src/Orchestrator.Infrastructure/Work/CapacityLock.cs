using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// Makes a claim's capacity check hold on PostgreSQL. The claim counts the worker's held tasks inside its conditional
/// UPDATE; under read committed two claims by one worker on different tasks each count before the other commits, and
/// both pass. Locking the worker's row first puts that worker's claims in line: the second UPDATE starts after the
/// first commits and counts its task. SQLite needs nothing: it lets one writer in at a time.
/// Call it inside the claim's transaction, right before the UPDATE; the lock is held until the commit.
/// </summary>
internal static class CapacityLock
{
    public static Task HoldAsync(OrchestratorDbContext db, string userId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Workers" WHERE "UserId" = {userId} FOR NO KEY UPDATE""", ct)
            : Task.CompletedTask;
}
