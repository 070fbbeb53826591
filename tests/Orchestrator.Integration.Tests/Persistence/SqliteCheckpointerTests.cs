using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Integration.Tests.Persistence;

/// <summary>
/// The app's connections leave checkpoints to <see cref="SqliteCheckpointer"/>; without it the write-ahead log would
/// only grow. Real SQLite file, the app's own connection settings.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "orchestrator-checkpoint-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Commits_DoNotCheckpoint_TheBackgroundCheckpointerDoes()
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "orchestrator.db");
        var connectionString = $"Data Source={path};Pooling=True";
        await using (var db = StoreSetup.CreateForFile(path))
        {
            await db.Database.MigrateAsync();
            var before = new FileInfo(path).Length;
            for (var i = 0; i < 40; i++)
                await db.Database.ExecuteSqlRawAsync("INSERT INTO Settings (Key, Value) VALUES ({0}, {1})", $"k{i}", new string('x', 4000));
            // 160 kB went into the log (well past nothing, since wal_autocheckpoint is off), none of it into the file yet.
            Assert.Equal(before, new FileInfo(path).Length);

            using var checkpointer = new SqliteCheckpointer(connectionString, NullLogger<SqliteCheckpointer>.Instance);
            await checkpointer.StartAsync(CancellationToken.None);
            await Task.Delay(SqliteCheckpointer.Interval * 4);
            await checkpointer.StopAsync(CancellationToken.None);

            Assert.True(new FileInfo(path).Length >= before + 40 * 4000, "the checkpointer should have copied the log into the database file");
            Assert.Equal(40, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Settings WHERE Key LIKE 'k%'").SingleAsync());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
