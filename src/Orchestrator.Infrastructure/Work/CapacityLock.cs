namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// Makes a claim's capacity check hold on PostgreSQL. The claim counts the worker's held tasks inside its conditional
/// UPDATE; under read committed two claims by one worker on different tasks each count before the other commits, and
/// both pass. Locking the worker's row first puts that worker's claims in line: the second UPDATE starts after the
/// first commits and counts its task. SQLite needs nothing: it lets one writer in at a time.
/// It runs inside the claim's transaction, right before the UPDATE; the lock is held until the commit.
/// </summary>
internal static class CapacityLock
{
    /// <summary>The lock as SQL, for a caller that sends it with its own statement in one round trip (PostgreSQL only).</summary>
    public static string Statement(string userIdParameter) => $"""SELECT 1 FROM "Workers" WHERE "UserId" = {userIdParameter} FOR NO KEY UPDATE""";
}
