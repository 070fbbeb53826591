using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Times every command, connection open and transaction EF Core runs (lock waits included), grouped by statement kind,
/// to show where a claim through the app spends its time. Only used with --profile.
/// </summary>
public sealed partial class CommandProfiler : IDbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentDictionary<object, long> _started = new();
    private readonly ConcurrentDictionary<string, Stat> _stats = new();
    public string? ClaimUpdateSql { get; private set; }
    public IReadOnlyList<(string Name, object? Value)> ClaimUpdateParameters { get; private set; } = [];

    public sealed class Stat
    {
        public long Count;
        public long Ticks;
    }

    public IReadOnlyDictionary<string, Stat> Stats => _stats;

    public void Reset() => _stats.Clear();

    private void Start(object key) => _started[key] = Stopwatch.GetTimestamp();

    private void Stop(object key, string label)
    {
        if (!_started.TryRemove(key, out var t0)) return;
        var stat = _stats.GetOrAdd(label, _ => new Stat());
        Interlocked.Increment(ref stat.Count);
        Interlocked.Add(ref stat.Ticks, Stopwatch.GetTimestamp() - t0);
    }

    /// <summary>Label each distinct statement by its text (whitespace collapsed) instead of by verb and table.</summary>
    public bool ByStatement { get; init; }

    private string Label(DbCommand command)
    {
        var sql = command.CommandText;
        if (ByStatement) return Regex.Replace(sql, @"\s+", " ").Trim();
        var verb = Verb().Match(sql).Value.ToUpperInvariant();
        var table = Table().Match(sql) is { Success: true } m ? m.Groups[1].Value : "?";
        var label = $"{verb} {table}";
        if (verb == "UPDATE" && table == "Tasks" && ClaimUpdateSql is null)
        {
            ClaimUpdateSql = sql;
            ClaimUpdateParameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList();
        }
        if (verb == "SELECT" && table == "Tasks")
            label += sql.Contains("ClaimToken\" = ", StringComparison.Ordinal) ? " (read back the claimed row)" : sql.Contains("COUNT", StringComparison.Ordinal) ? " count" : "";
        return label;
    }

    [GeneratedRegex(@"^\s*(\w+)")]
    private static partial Regex Verb();

    [GeneratedRegex("(?:FROM|UPDATE|INTO)\\s+\"(\\w+)\"")]
    private static partial Regex Table();

    // commands
    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    { Start(command); return ValueTask.FromResult(result); }
    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    { Start(command); return ValueTask.FromResult(result); }
    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken ct = default)
    { Start(command); return ValueTask.FromResult(result); }
    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default)
    { Stop(command, Label(command)); return ValueTask.FromResult(result); }
    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken ct = default)
    { Stop(command, Label(command)); return ValueTask.FromResult(result); }
    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    { Stop(command, Label(command)); return ValueTask.FromResult(result); }
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    { Stop(command, Label(command)); return result; }

    // connections (the store's pragma interceptor runs inside the open)
    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken ct = default)
    { Start(connection); return ValueTask.FromResult(result); }
    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    { Stop(connection, "open connection (+pragmas)"); return Task.CompletedTask; }

    // transactions: BEGIN IMMEDIATE waits for the write lock
    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken ct = default)
    { Start(eventData.TransactionId); return ValueTask.FromResult(result); }
    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken ct = default)
    { Stop(eventData.TransactionId, "BEGIN (write lock)"); return ValueTask.FromResult(result); }
    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken ct = default)
    { Start(eventData.TransactionId); return ValueTask.FromResult(result); }
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    { Stop(eventData.TransactionId, "COMMIT"); return Task.CompletedTask; }
}
