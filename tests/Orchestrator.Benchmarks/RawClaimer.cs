using Microsoft.Data.Sqlite;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The baseline: one conditional UPDATE … RETURNING per claim on a plain Microsoft.Data.Sqlite connection (WAL,
/// synchronous=NORMAL, busy timeout), writing the same columns a claim through the app writes and walking the same
/// human-queue index in claim order.
/// </summary>
public static class RawClaimer
{
    public const string Sql = """
        UPDATE Tasks SET Status = 'Claimed', AssigneeId = $user, AssigneeName = $name, ClaimedAt = $now, LeaseExpiresAt = $lease,
                         ClaimToken = $token, Attempt = Attempt + 1, Version = Version + 1
        WHERE Id = (SELECT Id FROM Tasks WHERE HumanQueue = 1 ORDER BY Priority DESC, SlaDueAt, CreatedAt LIMIT 1)
        RETURNING Id
        """;

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Default Timeout=30;Pooling=True");
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Claims until the queue is empty; returns each claim's latency in Stopwatch ticks.</summary>
    public static List<long> ClaimUntilEmpty(string path, string userId, Func<bool> go, Action onLocked, object? gate = null)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var token = command.Parameters.Add("$token", SqliteType.Text);
        var now = command.Parameters.Add("$now", SqliteType.Text);
        var lease = command.Parameters.Add("$lease", SqliteType.Text);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$name", "Bench " + userId);
        command.Prepare();
        var latencies = new List<long>(512);
        while (!go()) Thread.SpinWait(20);
        while (true)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var at = DateTime.UtcNow;
            token.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            now.Value = at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF");
            lease.Value = at.AddMinutes(15).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF");
            object? id;
            try
            {
                if (gate is null) id = command.ExecuteScalar();
                else lock (gate) id = command.ExecuteScalar();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 5) { onLocked(); continue; }
            if (id is null) return latencies;
            latencies.Add(System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }
    }
}
