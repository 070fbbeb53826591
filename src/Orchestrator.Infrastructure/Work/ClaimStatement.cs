using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// The claim as one statement: <c>UPDATE … WHERE &lt;claimable&gt; AND &lt;under capacity&gt; RETURNING *</c>. The
/// status, route and capacity checks sit in the statement, so of many people claiming at once exactly one wins and
/// nobody exceeds capacity. It mirrors the guard of <see cref="WorkTask.Claim"/> (human route, status Queued or
/// Escalated) in SQL, which keeps it atomic. It runs as a plain command and returns only the claimed task's id: claims
/// queue for SQLite's one writer, so the less each does while holding it, the more claims per second; the caller reads
/// the whole row afterwards, outside the write. On PostgreSQL the pick of the next task skips rows other claims have
/// locked (<c>FOR UPDATE SKIP LOCKED</c>) instead of queueing behind them.
/// </summary>
internal static class ClaimStatement
{
    public sealed record Claimant(Worker Worker, Guid Token, DateTime Now, DateTime LeaseEnd);

    /// <summary>Claims the named task; null when it is not claimable by this worker now.</summary>
    public static Task<Guid?> ClaimAsync(OrchestratorDbContext db, Guid taskId, Claimant claimant, CancellationToken ct)
    {
        var sql = new Sql(db);
        var pick = sql.Param(taskId);
        return RunAsync(db, sql, pick, claimant, ct);
    }

    /// <summary>Claims the most urgent waiting task needing one of these skill sets; null when there is none or the worker is full.</summary>
    public static Task<Guid?> ClaimNextAsync(OrchestratorDbContext db, IReadOnlyList<string> skillKeys, Claimant claimant, CancellationToken ct)
    {
        if (skillKeys.Count == 0) return Task.FromResult<Guid?>(null);
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

    private static async Task<Guid?> RunAsync(OrchestratorDbContext db, Sql sql, string pick, Claimant claimant, CancellationToken ct)
    {
        var (worker, token, now, leaseEnd) = claimant;
        var user = sql.Param(worker.UserId);
        var statement = $"""
            UPDATE "Tasks" SET "Status" = 'Claimed', "AssigneeId" = {user}, "AssigneeName" = {sql.Param(worker.DisplayName)},
                "ClaimedAt" = {sql.Param(now)}, "LeaseExpiresAt" = {sql.Param(leaseEnd)}, "ClaimToken" = {sql.Param(token)},
                "Attempt" = "Attempt" + 1, "Version" = "Version" + 1
            WHERE "Id" = {pick} AND "Route" = 'Human' AND "Status" IN ('Queued', 'Escalated')
              AND (SELECT COUNT(*) FROM "Tasks" AS "held" WHERE "held"."AssigneeId" = {user} AND "held"."Status" = 'Claimed') < {sql.Param(worker.Capacity)}
            RETURNING "Id"
            """;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                              ?? throw new InvalidOperationException("A claim runs inside the caller's write transaction.");
        // On PostgreSQL the worker's row lock (see CapacityLock) goes in the same round trip, as a statement of its own:
        // the UPDATE then starts after the lock is held and counts what the worker's claim before it committed.
        command.CommandText = sql.IsPostgres ? CapacityLock.Statement(user) + ";\n" + statement : statement;
        sql.AddParameters(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (sql.IsPostgres) await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return reader.GetValue(0) switch
        {
            Guid guid => guid,
            var id => Guid.Parse(Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!),
        };
    }

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

        public void AddParameters(DbCommand command)
        {
            for (var i = 0; i < values.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                parameter.Value = values[i];
                command.Parameters.Add(parameter);
            }
        }
    }
}
