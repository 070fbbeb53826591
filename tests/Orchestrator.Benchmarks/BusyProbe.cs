using System.Diagnostics;

namespace Orchestrator.Benchmarks;

/// <summary>How long a writer waits for a lock held 30 ms: ~30–40 ms when SQLite sleeps in milliseconds, ~1 s when it can only sleep in seconds.</summary>
public static class BusyProbe
{
    public static int Run()
    {
        var path = Path.Combine(Path.GetTempPath(), "busyprobe-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        using (var setup = RawClaimer.Open(path))
        {
            using var cmd = setup.CreateCommand();
            cmd.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
            cmd.ExecuteNonQuery();
        }
        for (var i = 0; i < 3; i++)
        {
            using var holder = RawClaimer.Open(path);
            using var waiter = RawClaimer.Open(path);
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; UPDATE t SET x = x + 1;";
            begin.ExecuteNonQuery();
            var release = Task.Run(async () =>
            {
                await Task.Delay(30);
                using var commit = holder.CreateCommand();
                commit.CommandText = "COMMIT;";
                commit.ExecuteNonQuery();
            });
            var clock = Stopwatch.StartNew();
            using var update = waiter.CreateCommand();
            update.CommandText = "UPDATE t SET x = x + 1;";
            update.ExecuteNonQuery();
            Console.WriteLine($"lock held ~30 ms; the waiter got it after {clock.Elapsed.TotalMilliseconds:0} ms");
            release.Wait();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
        return 0;
    }
}
