using Npgsql;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>
/// Counts, straight from the shared database, whether work survived a fault: nothing done twice (one task per case,
/// step and kind, each completed at most once; a second run of the same task is fenced by its attempt number) and
/// nothing lost (every case the test opened moves on: its agent work ends and it waits for a person or is done).
/// </summary>
public sealed class WorkLedger(string connectionString)
{
    // No pool: a pooled session would not survive the database restart the tests make.
    private readonly string database = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>Agent tasks being run right now, by any instance.</summary>
    public Task<long> RunningAsync() =>
        ScalarAsync("""SELECT count(*) FROM "Tasks" WHERE "Route" = 'Agent' AND "Status" = 'Running'""");

    /// <summary>Waits until Hangfire has no job queued or handed to a server and not finished; else says which are left.</summary>
    public async Task WaitUntilNoJobIsUnfinishedAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        IReadOnlyList<string> left;
        do
        {
            left = await RowsAsync("""
                SELECT 'job ' || q.jobid || ' on queue ' || q.queue || coalesce(' fetched at ' || to_char(q.fetchedat, 'HH24:MI:SS'), ' not fetched')
                       || ', state ' || coalesce(j.statename, '?') || ': ' || coalesce(j.invocationdata::json ->> 'Method', '?')
                       || ' (now ' || to_char(now(), 'HH24:MI:SS') || ')'
                FROM hangfire.jobqueue q LEFT JOIN hangfire.job j ON j.id = q.jobid
                ORDER BY q.jobid
                """);
            if (left.Count == 0) return;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < until);
        Assert.Fail($"{left.Count} Hangfire jobs were still queued or held by the dead instance after {timeout.TotalSeconds:0} s:\n" + string.Join("\n", left.Take(10)));
    }

    public async Task AssertNothingDoneTwiceAsync()
    {
        var twice = await RowsAsync("""
            SELECT 'case ' || "CaseId" || ' has ' || count(*) || ' tasks for ' || "StepKey" || '/' || "Kind"
            FROM "Tasks" GROUP BY "CaseId", "StepKey", "Kind" HAVING count(*) > 1
            UNION ALL
            SELECT 'task ' || "SubjectId" || ' was completed ' || count(*) || ' times'
            FROM "AuditEvents" WHERE "Action" = 'task.completed' GROUP BY "SubjectId" HAVING count(*) > 1
            """);
        Assert.True(twice.Count == 0, "Work was done twice:\n" + string.Join("\n", twice));
    }

    /// <summary>Waits until no case of <paramref name="cases"/> has agent work waiting or running, and each has a live task or is done.</summary>
    public async Task WaitUntilEveryCaseMovedOnAsync(IReadOnlyCollection<Guid> cases, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        IReadOnlyList<string> stuck;
        do
        {
            stuck = await RowsAsync("""
                SELECT 'case ' || c."Id" || ': ' || coalesce((SELECT string_agg(t."StepKey" || '/' || t."Kind" || ' ' || t."Status" || ' via ' || t."Route"
                                                                  || ' attempt ' || t."Attempt", ', ') FROM "Tasks" t WHERE t."CaseId" = c."Id"), 'no tasks')
                FROM "Cases" c
                WHERE c."Id" = ANY(@cases) AND (
                    EXISTS (SELECT 1 FROM "Tasks" t WHERE t."CaseId" = c."Id" AND t."Route" = 'Agent' AND t."Status" IN ('Queued', 'Running'))
                    OR (c."Status" = 'Open' AND NOT EXISTS (SELECT 1 FROM "Tasks" t WHERE t."CaseId" = c."Id" AND t."Status" IN ('Queued', 'Claimed', 'Escalated'))))
                """, cases.ToArray());
            if (stuck.Count == 0) return;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < until);
        Assert.Fail($"{stuck.Count} of {cases.Count} cases did not move on within {timeout.TotalSeconds:0} s:\n" + string.Join("\n", stuck.Take(10)));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<IReadOnlyList<string>> RowsAsync(string sql, Guid[]? cases = null)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (cases is not null) command.Parameters.AddWithValue("cases", cases);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
