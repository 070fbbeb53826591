using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Orchestrator.Domain.Audit;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// The claim as one statement: <c>UPDATE … WHERE &lt;claimable&gt; AND &lt;under capacity&gt; RETURNING …</c>, with its
/// audit record in the same command. The
/// status, route and capacity checks sit in the statement, so of many people claiming at once exactly one wins and
/// nobody exceeds capacity. It mirrors the guard of <see cref="WorkTask.Claim"/> (human route, status Queued or
/// Escalated) in SQL, which keeps it atomic. It runs as a plain command and returns only what identifies the claimed
/// task (<see cref="ClaimedTask"/>): claims queue for SQLite's one writer, so the less each does while holding it, the
/// more claims per second; a caller that needs the whole row reads it afterwards, outside the write. On PostgreSQL the pick of the next task skips rows other claims have
/// locked (<c>FOR UPDATE SKIP LOCKED</c>) instead of queueing behind them.
/// </summary>
internal static class ClaimStatement
{
    public sealed record Claimant(Worker Worker, Guid Token, DateTime Now, DateTime LeaseEnd);

    /// <summary>Claims the named task; null when it is not claimable by this worker now.</summary>
    public static Task<ClaimedTask?> ClaimAsync(OrchestratorDbContext db, Guid taskId, Claimant claimant, CancellationToken ct)
    {
        var sql = new Sql(db);
        var pick = sql.Param(taskId);
        return RunAsync(db, sql, pick, claimant, ct);
    }

    /// <summary>Claims the most urgent waiting task needing one of these skill sets; null when there is none or the worker is full.</summary>
    public static Task<ClaimedTask?> ClaimNextAsync(OrchestratorDbContext db, IReadOnlyList<string> skillKeys, Claimant claimant, CancellationToken ct)
    {
        if (skillKeys.Count == 0) return Task.FromResult<ClaimedTask?>(null);
        var sql = new Sql(db);
        var skills = string.Join(", ", skillKeys.Select(sql.Param));
        var trainee = claimant.Worker.IsTrainee;
        // Only trainees sort by the reservation: a constant first sort key keeps SQLite from using the queue index's order.
        var pick = $"""
            SELECT "Id" FROM "Tasks"
            WHERE "{WorkTaskColumns.HumanQueue}" = 1 AND "RequiredSkills" IN ({skills}){(trainee ? "" : " AND NOT \"ReservedForTrainees\"")}
            ORDER BY {(trainee ? "\"ReservedForTrainees\" DESC, " : "")}"Priority" DESC, "SlaDueAt", "CreatedAt"
            LIMIT 1{(sql.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")}
            """;
        return RunAsync(db, sql, $"({pick})", claimant, ct);
    }

    private static async Task<ClaimedTask?> RunAsync(OrchestratorDbContext db, Sql sql, string pick, Claimant claimant, CancellationToken ct)
    {
        var (worker, token, now, leaseEnd) = claimant;
        var (user, name, at, claimToken) = (sql.Param(worker.UserId), sql.Param(worker.DisplayName), sql.Param(now), sql.Param(token));
        var claim = $"""
            UPDATE "Tasks" SET "Status" = 'Claimed', "AssigneeId" = {user}, "AssigneeName" = {name},
                "ClaimedAt" = {at}, "LeaseExpiresAt" = {sql.Param(leaseEnd)}, "ClaimToken" = {claimToken},
                "Attempt" = "Attempt" + 1, "Version" = "Version" + 1
            WHERE "Id" = {pick} AND "Route" = 'Human' AND "Status" IN ('Queued', 'Escalated')
              AND (SELECT COUNT(*) FROM "Tasks" AS "held" WHERE "held"."AssigneeId" = {user} AND "held"."Status" = 'Claimed') < {sql.Param(worker.Capacity)}
            RETURNING "Id", "CaseId", "WorkflowKey", "StepKey"
            """;
        // The audit record, as AuditTrail.Record writes it, in the same command: only when the claim took a task.
        var audit = $"""
            INSERT INTO "AuditEvents" ("At", "ActorKind", "Actor", "Action", "SubjectType", "SubjectId", "After")
            SELECT {at}, '{nameof(ActorKind.User)}', {name}, 'task.claimed', 'task', {(sql.IsPostgres ? "\"Id\"::text" : "lower(\"Id\")")}, {sql.Param(ClaimedRecord(worker, leaseEnd))}
            FROM "Tasks" WHERE "ClaimToken" = {claimToken}
            """;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("A claim runs inside the caller's write transaction.");
        // On PostgreSQL the worker's row lock (see CapacityLock) goes in the same round trip, as a statement of its own:
        // the UPDATE then starts after the lock is held and counts what the worker's claim before it committed.
        var text = (sql.IsPostgres ? CapacityLock.Statement(user) + ";\n" : "") + claim + ";\n" + audit;
        var kept = PreparedCommands.Kept(transaction.Connection!, text);
        await using var fresh = kept is null ? PreparedCommands.Fresh(transaction.Connection!, text) : null;
        var command = kept ?? fresh!;
        command.Transaction = transaction;
        sql.SetParameters(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (sql.IsPostgres) await reader.NextResultAsync(ct);
        ClaimedTask? claimed = null;
        // Every statement runs to its end: SQLite will not commit while a kept write statement is still part-way through.
        while (await reader.ReadAsync(ct))
            claimed ??= new ClaimedTask(GuidAt(reader, 0), GuidAt(reader, 1), reader.GetString(2), reader.GetString(3));
        while (await reader.NextResultAsync(ct)) { }
        return claimed;
    }

    /// <summary>The audit record's "after": what the claim changed.</summary>
    private static string ClaimedRecord(Worker worker, DateTime leaseEnd) =>
        DomainJson.Serialize(new { Status = WorkTaskStatus.Claimed, AssigneeName = worker.DisplayName, LeaseExpiresAt = leaseEnd });

    private static Guid GuidAt(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        Guid guid => guid,
        var text => Guid.Parse(Convert.ToString(text, System.Globalization.CultureInfo.InvariantCulture)!),
    };

    /// <summary>Collects parameter values, stored as the provider stores them, and hands out their placeholders.</summary>
    private sealed class Sql(OrchestratorDbContext db)
    {
        private readonly List<object> values = [];

        public bool IsPostgres { get; } = db.Database.IsNpgsql();

        public string Param(object value)
        {
            // EF Core keeps Guids as upper-case text on SQLite; the SQLite driver on its own would bind them as blobs.
            values.Add(value is Guid guid && !IsPostgres ? guid.ToString().ToUpperInvariant() : value);
            return "@p" + (values.Count - 1);
        }

        public void SetParameters(DbCommand command)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (i == command.Parameters.Count)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p" + i;
                    command.Parameters.Add(parameter);
                }
                command.Parameters[i].Value = values[i];
            }
        }
    }

    /// <summary>
    /// The claim's commands on SQLite, kept with their connection: a batch of claims runs the same statement text over
    /// and over, and a kept command is compiled once, not once a claim (compiling was a fifth of a claim's CPU). A
    /// compiled statement belongs to one SQLite connection handle, and a pooled connection object may reopen on another
    /// handle, so a command is kept only while its connection object is on the handle it was compiled for. A kept
    /// statement is always run to its end, so it holds no lock between claims.
    /// </summary>
    private static class PreparedCommands
    {
        private const int MaxPerConnection = 32;
        private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, (object? Handle, DbCommand Command)>> ByConnection = new();

        /// <summary>The kept command for this text on this SQLite connection; null on other databases.</summary>
        public static DbCommand? Kept(DbConnection connection, string text)
        {
            if (connection is not SqliteConnection sqlite) return null;
            var commands = ByConnection.GetOrCreateValue(connection);
            lock (commands)
            {
                if (commands.TryGetValue(text, out var kept))
                {
                    if (ReferenceEquals(kept.Handle, sqlite.Handle)) return kept.Command;
                    kept.Command.Dispose();
                    commands.Remove(text);
                }
                if (commands.Count >= MaxPerConnection)
                {
                    foreach (var old in commands.Values) old.Command.Dispose();
                    commands.Clear();
                }
                var command = Fresh(connection, text);
                commands[text] = (sqlite.Handle, command);
                return command;
            }
        }

        public static DbCommand Fresh(DbConnection connection, string text)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            return command;
        }
    }
}
