using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Infrastructure.Persistence;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file in the background. Left to SQLite, the commit that
/// takes the log past 1,000 pages does this itself, with a sync to disk, while it still holds the one write lock, so
/// every few batches of claims stood still for it. The app's connections turn that off (<c>wal_autocheckpoint=0</c>,
/// <see cref="SqlitePragmas"/>) and this service checkpoints a few times a second in PASSIVE mode, which waits for
/// neither readers nor the writer. Should it stop, the log only grows; nothing is lost, and SQLite checkpoints when the
/// last connection closes.
/// </summary>
public sealed class SqliteCheckpointer(string connectionString, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await CheckpointAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (SqliteException ex) { log.LogWarning(ex, "Background WAL checkpoint failed; trying again shortly."); }
        }
    }

    /// <summary>Never creates the database: before migrations have made it, there is nothing to checkpoint.</summary>
    private readonly string existingOnly = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
    private readonly string databaseFile = new SqliteConnectionStringBuilder(connectionString).DataSource;

    public async Task CheckpointAsync(CancellationToken ct = default)
    {
        if (!File.Exists(databaseFile)) return;
        await using var connection = new SqliteConnection(existingOnly);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await command.ExecuteNonQueryAsync(ct);
    }
}
