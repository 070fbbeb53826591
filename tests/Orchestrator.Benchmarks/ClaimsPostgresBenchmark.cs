using System.Diagnostics;
using Npgsql;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Benchmarks;

/// <summary>
/// "Claims under contention (PostgreSQL)": N claimers empty a queue of M human tasks through ClaimTask.NextAsync on one
/// engine, then on two engines (two DI containers, each with its own claim batcher and connection pool: two "instances"
/// in this process) on the same database, then through one raw UPDATE … WHERE Id = (SELECT … FOR UPDATE SKIP LOCKED
/// LIMIT 1) RETURNING per claim on plain Npgsql. Each run gets fresh tasks of the same shape on the same database.
/// </summary>
public static class ClaimsPostgresBenchmark
{
    public const string RawSql = """
        UPDATE "Tasks" SET "Status" = 'Claimed', "AssigneeId" = @user, "AssigneeName" = @name, "ClaimedAt" = @now, "LeaseExpiresAt" = @lease,
                           "ClaimToken" = @token, "Attempt" = "Attempt" + 1, "Version" = "Version" + 1
        WHERE "Id" = (SELECT "Id" FROM "Tasks" WHERE "HumanQueue" = 1 ORDER BY "Priority" DESC, "SlaDueAt", "CreatedAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING "Id"
        """;

    /// <param name="admin">A connection string to a maintenance database, with the right to create databases.</param>
    public static async Task<int> RunAsync(string admin, BenchArgs args)
    {
        ThreadPool.GetMinThreads(out var w, out var io);
        ThreadPool.SetMinThreads(Math.Max(w, args.Claimers * 2 + 8), Math.Max(io, args.Claimers * 2 + 8));
        var database = await PostgresBench.CreateDatabaseAsync(admin, args.Claimers + 10);
        // PostgreSQL's default is 100 connections: each instance's pool gets 20 (it keeps them open), the raw claimers one
        // each. (Pools that close idle connections within seconds made room too, but reopening them slowed the app.)
        var appDatabase = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 20 }.ConnectionString;
        var folder = Path.Combine(Path.GetTempPath(), "orchestrator-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new DataStoreOptions { Provider = "Postgres", ConnectionString = appDatabase };
        Console.WriteLine($"Claims under contention (PostgreSQL {await PostgresBench.ServerVersionAsync(database)}): {args.Claimers} claimers, {args.Tasks:N0} tasks, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {ClaimsBenchmark.LoadAverage()}");
        try
        {
            var profiler = args.Profile ? new CommandProfiler() : null;
            await using var one = await BenchStore.CreateAsync(folder, profiler, store, work: args.Work);
            await using var two = await BenchStore.CreateAsync(folder, null, store, prepare: false, work: args.Work);
            var workers = await one.AddWorkersAsync(args.Claimers, capacity: args.Tasks + args.WarmupTasks);

            if (args.WarmupTasks > 0)
            {
                await one.AddTasksAsync(args.WarmupTasks);
                await ClaimsBenchmark.AppPathAsync([one.Claim, two.Claim], workers, gated: false);
                await one.AddTasksAsync(args.WarmupTasks);
                await RawPathAsync(database, workers);
                await one.ClearWorkAsync();
            }

            profiler?.Reset();
            var rows = new List<(string Name, ClaimsBenchmark.Result Result, string Check)>();
            foreach (var (name, instances) in new[] { ("app, one instance: ClaimTask.NextAsync (EF Core)", new[] { one }), ("app, two instances on one database", new[] { one, two }) })
            {
                await one.AddTasksAsync(args.Tasks);
                var result = await ClaimsBenchmark.AppPathAsync(instances.Select(i => i.Claim).ToList(), workers, gated: false);
                rows.Add((name, result, await CheckAsync(database, args.Tasks)));
                await one.ClearWorkAsync();
            }
            await one.AddTasksAsync(args.Tasks);
            var raw = await RawPathAsync(database, workers);
            rows.Add(("raw: UPDATE … FOR UPDATE SKIP LOCKED … RETURNING (Npgsql)", raw, await CheckAsync(database, args.Tasks)));

            Console.WriteLine();
            Console.WriteLine("| path | claims | claims/s | p50 ms | p99 ms | max ms | errors | check |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var (name, result, check) in rows) Console.WriteLine(result.Row(name, check));
            Console.WriteLine();
            Console.WriteLine($"ratio app/raw: one instance {rows[0].Result.PerSecond / raw.PerSecond:0.00}, two instances {rows[1].Result.PerSecond / raw.PerSecond:0.00} " +
                              $"(aim ≥ 0.5); two/one instances {rows[1].Result.PerSecond / rows[0].Result.PerSecond:0.00}; load average at the end {ClaimsBenchmark.LoadAverage()}");
            if (profiler is not null) ClaimsBenchmark.PrintProfile(profiler, args.Tasks * 2);
            return rows.All(r => r.Check == "ok") ? 0 : 1;
        }
        finally
        {
            await PostgresBench.DropDatabaseAsync(admin, database);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<ClaimsBenchmark.Result> RawPathAsync(string database, IReadOnlyList<string> workers)
    {
        await PostgresBench.WaitForIdleConnectionsToCloseAsync(database, workers.Count);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = workers.Select(user => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(RawSql, connection);
            var token = command.Parameters.Add("token", NpgsqlTypes.NpgsqlDbType.Uuid);
            var now = command.Parameters.Add("now", NpgsqlTypes.NpgsqlDbType.TimestampTz);
            var lease = command.Parameters.Add("lease", NpgsqlTypes.NpgsqlDbType.TimestampTz);
            command.Parameters.AddWithValue("user", user);
            command.Parameters.AddWithValue("name", "Bench " + user);
            await command.PrepareAsync();
            var latencies = new List<long>(512);
            await go.Task;
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                var at = DateTime.UtcNow;
                token.Value = Guid.NewGuid();
                now.Value = at;
                lease.Value = at.AddMinutes(15);
                if (await command.ExecuteScalarAsync() is null)
                {
                    // SKIP LOCKED skips rows others are claiming: the queue is empty only when nothing is left at all.
                    if (await RemainingAsync(connection) == 0) return latencies;
                    continue;
                }
                latencies.Add(Stopwatch.GetTimestamp() - started);
            }
        })).ToList();
        var clock = Stopwatch.StartNew();
        go.SetResult();
        var all = await Task.WhenAll(runs);
        return new ClaimsBenchmark.Result(clock.Elapsed, all.SelectMany(x => x).ToArray(), 0);
    }

    private static async Task<long> RemainingAsync(NpgsqlConnection connection)
    {
        await using var count = new NpgsqlCommand("""SELECT count(*) FROM "Tasks" WHERE "HumanQueue" = 1""", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Every task claimed exactly once: none queued, each with one attempt and its own token.</summary>
    private static async Task<string> CheckAsync(string database, int expected)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM "Tasks" WHERE "Status" = 'Claimed' AND "Attempt" = 1),
                   (SELECT count(DISTINCT "ClaimToken") FROM "Tasks"),
                   (SELECT count(*) FROM "Tasks" WHERE "Status" <> 'Claimed')
            """, connection);
        await using var r = await command.ExecuteReaderAsync();
        await r.ReadAsync();
        var (claimed, tokens, other) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
        return claimed == expected && tokens == expected && other == 0 ? "ok" : $"FAILED: {claimed} claimed once, {tokens} tokens, {other} not claimed";
    }
}

/// <summary>A throwaway database per benchmark run on the PostgreSQL server the caller names.</summary>
public static class PostgresBench
{
    public static async Task<string> CreateDatabaseAsync(string admin, int maxPoolSize)
    {
        var name = "orch_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = maxPoolSize }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string admin, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until the server has slots for <paramref name="needed"/> more connections (others' idle ones pruned).</summary>
    public static async Task WaitForIdleConnectionsToCloseAsync(string database, int needed)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var free = new NpgsqlCommand(
            "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')", connection);
        for (var i = 0; i < 100 && Convert.ToInt64(await free.ExecuteScalarAsync()) < needed; i++) await Task.Delay(100);
    }

    public static async Task<string> ServerVersionAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    /// <summary>The admin connection string after <paramref name="option"/> (e.g. --postgres), or the ORCHESTRATOR_TEST_POSTGRES variable.</summary>
    public static string AdminFrom(string[] args, string option = "--postgres")
    {
        var i = Array.IndexOf(args, option);
        if (i >= 0 && i + 1 < args.Length) return args[i + 1];
        return Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"Name the PostgreSQL server: {option} \"Host=...;Username=...;Password=...;Database=postgres\" (or set ORCHESTRATOR_TEST_POSTGRES).");
    }
}
