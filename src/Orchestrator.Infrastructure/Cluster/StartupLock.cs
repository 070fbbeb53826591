using Npgsql;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Cluster;

/// <summary>
/// Serializes start-up work (migrations, roles, demo seeding) across instances that start at the same moment. On
/// PostgreSQL a session advisory lock; the embedded SQLite store has one instance, so nothing to wait for.
/// </summary>
public static class StartupLock
{
    private const long Key = 0x0_4F52_4348; // "ORCH"

    public static async Task<IAsyncDisposable> AcquireAsync(DataStoreOptions store, CancellationToken ct = default)
    {
        if (!store.IsPostgres) return NoLock.Instance;
        var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", Key);
            lockCommand.CommandTimeout = 0; // another instance may be migrating: wait for it
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        return new Held(connection);
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Closing the session releases the lock even if the unlock fails.
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                unlock.Parameters.AddWithValue("key", Key);
                await unlock.ExecuteNonQueryAsync();
            }
            finally { await connection.DisposeAsync(); }
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
