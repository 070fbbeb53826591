using Microsoft.EntityFrameworkCore;
using Npgsql;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Cluster;

/// <summary>
/// Runs periodic work (lease sweeps, SLA alerts, the demo crew) once per period across every instance: under a
/// PostgreSQL session advisory lock, and only when the last run recorded in the database is at least a period old.
/// The lock belongs to its session, so an instance killed mid-run (or a database restart) frees it at once; a lock row
/// such as the job storage's would stay taken until its timeout, and with it no instance would sweep leases for
/// minutes. The embedded SQLite store serves one instance, so there it simply runs the work.
/// </summary>
public sealed class ClusterOnce(IDbContextFactory<OrchestratorDbContext> contexts, DataStoreOptions store, TimeProvider clock)
{
    /// <summary>The first key of every lock here ("ORCH"); the second is the hash of the work's name.</summary>
    private const int LockSpace = 0x4F52_4348;

    /// <summary>Runs <paramref name="work"/> unless another instance ran it within the last <paramref name="period"/>.</summary>
    /// <returns>Whether this instance ran it.</returns>
    public async Task<bool> RunAsync(string name, TimeSpan period, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        if (store.IsSqlite)
        {
            await work(ct);
            return true;
        }

        // The lock lives on this connection: keep it open until the work and its stamp are done.
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(ct);
        if (!await LockAsync(connection, "SELECT pg_try_advisory_lock(@space, hashtext(@name))", name, ct))
            return false; // another instance holds it this period
        try
        {
            var key = "cluster:last-run:" + name;
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(ct);
            var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct);
            // A little slack so timers that tick slightly early on one instance do not skip a period.
            if (row is not null && DateTime.TryParse(row.Value, null, System.Globalization.DateTimeStyles.RoundtripKind, out var last)
                && now - last < period * 0.8)
                return false;

            await work(ct);

            if (row is null) db.Settings.Add(new AppSetting { Key = key, Value = now.ToString("O") });
            else row.Value = now.ToString("O");
            await db.SaveChangesAsync(ct);
            return true;
        }
        finally
        {
            // A pooled connection keeps its session: unlock before it goes back. If this fails the session is gone, and the lock with it.
            try { await LockAsync(connection, "SELECT pg_advisory_unlock(@space, hashtext(@name))", name, CancellationToken.None); }
            catch (NpgsqlException) { }
        }
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, string sql, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("space", LockSpace);
        command.Parameters.AddWithValue("name", "orchestrator:" + name);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
