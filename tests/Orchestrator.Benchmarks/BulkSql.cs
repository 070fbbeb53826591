using Microsoft.Data.Sqlite;

namespace Orchestrator.Benchmarks;

/// <summary>Prepared INSERTs for seeding large SQLite files quickly, bypassing the app (benchmarks only).</summary>
public static class BulkSql
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string table, string[] columns)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter($"$p{i}", null));
        cmd.Prepare();
        return cmd;
    }

    public static void Bind(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public static string Id(Guid id) => id.ToString().ToUpperInvariant();
}
