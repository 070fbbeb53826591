using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Benchmarks;

/// <summary>
/// "Claims under contention (SQLite)": N claimers empty a queue of M human tasks through ClaimTask.NextAsync (the app's
/// path: its own DbContext per call, one conditional UPDATE, the audit row), then through one raw UPDATE … RETURNING
/// per claim on a page-for-page copy (SQLite backup) of the same data. Claims are not completed in either path.
/// </summary>
public static class ClaimsBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        ThreadPool.GetMinThreads(out var w, out var io);
        ThreadPool.SetMinThreads(Math.Max(w, args.Claimers * 2 + 8), Math.Max(io, args.Claimers * 2 + 8));
        var root = Path.Combine(Path.GetTempPath(), "orchestrator-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var profiler = args.Profile ? new CommandProfiler() : null;
        Console.WriteLine($"Claims under contention (SQLite {SqliteVersion()}): {args.Claimers} claimers, {args.Tasks:N0} tasks, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}" +
                          $"{(args.Profile ? ", profiling" : "")}{(args.Gate ? ", one claim at a time through an in-process gate" : "")}; load average {LoadAverage()}");
        try
        {
            await using var store = await BenchStore.CreateAsync(Path.Combine(root, "app"), profiler, work: args.Work);
            var workers = await store.AddWorkersAsync(args.Claimers, capacity: args.Tasks + args.WarmupTasks);

            // Warm-up on separate tasks (JIT, EF Core's model and query caches, SQLite page cache), then thrown away.
            if (args.WarmupTasks > 0)
            {
                await store.AddTasksAsync(args.WarmupTasks);
                var warmRaw = Path.Combine(root, "warmup-raw.db");
                await store.CopyToAsync(warmRaw);
                await AppPathAsync(store, workers, args.Gate);
                RawPath(warmRaw, workers, args.Gate);
                await store.ClearWorkAsync();
                profiler?.Reset();
            }

            await store.AddTasksAsync(args.Tasks);
            var rawDb = Path.Combine(root, "raw.db");
            await store.CopyToAsync(rawDb);

            var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var gc0 = GcFigures.Now();
            var app = await AppPathAsync(store, workers, args.Gate);
            var cpu1 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var gc1 = GcFigures.Now();
            var raw = RawPath(rawDb, workers, args.Gate);
            var cpu2 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var gc2 = GcFigures.Now();
            Console.WriteLine($"CPU of this process per claim: app {(cpu1 - cpu0).TotalMicroseconds / args.Tasks:0} µs, raw {(cpu2 - cpu1).TotalMicroseconds / args.Tasks:0} µs");
            Console.WriteLine($"Garbage collections: app {gc1 - gc0}; raw {gc2 - gc1}");
            var appCheck = Check(store.DbPath, args.Tasks);
            var rawCheck = Check(rawDb, args.Tasks);

            Console.WriteLine();
            Console.WriteLine($"| path | claims | claims/s | p50 ms | p99 ms | max ms | 'database is locked' | check |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
            Console.WriteLine(app.Row("app: ClaimTask.NextAsync (EF Core)", appCheck));
            Console.WriteLine(raw.Row("raw: UPDATE … RETURNING (Microsoft.Data.Sqlite)", rawCheck));
            Console.WriteLine();
            Console.WriteLine($"ratio app/raw: {app.PerSecond / raw.PerSecond:0.00}   (aim ≥ 0.5; p99 aim < 50 ms); load average at the end {LoadAverage()}");
            if (profiler is not null) Profile(profiler, app.Claims, store.DbPath);
            return appCheck == "ok" && rawCheck == "ok" ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (args.Keep) Console.WriteLine($"kept {root}");
            else try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static Task<Result> AppPathAsync(BenchStore store, IReadOnlyList<string> workers, bool gated) => AppPathAsync([store.Claim], workers, gated);

    /// <summary>Each worker claims through one of <paramref name="instances"/> (the app's claim path of one engine each), in turn.</summary>
    internal static async Task<Result> AppPathAsync(IReadOnlyList<ClaimTask> instances, IReadOnlyList<string> workers, bool gated)
    {
        using var gate = new SemaphoreSlim(1, 1);
        var go = false;
        var locked = 0;
        var runs = workers.Select((user, n) => Task.Run(async () =>
        {
            var claim = instances[n % instances.Count];
            var latencies = new List<long>(512);
            while (!Volatile.Read(ref go)) await Task.Yield();
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                WorkResult<ClaimedTask> result;
                try
                {
                    if (gated) await gate.WaitAsync();
                    try { result = await claim.NextAsync(user); }
                    finally { if (gated) gate.Release(); }
                }
                catch (Exception ex) when (IsBusy(ex))
                {
                    // SQLITE_BUSY after the 30 s busy timeout: in the app this request fails with a 500. When it is the
                    // audit insert that fails, the claim itself has already committed. Count it, go on.
                    if (Interlocked.Increment(ref locked) == 1) Console.WriteLine($"first 'database is locked' in the app path: {ex}");
                    continue;
                }
                if (result.Outcome == WorkOutcome.NotFound) return latencies;
                if (!result.Succeeded) throw new InvalidOperationException($"{user}: {result.Code} {result.Message}");
                latencies.Add(Stopwatch.GetTimestamp() - started);
            }
        })).ToList();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref go, true);
        var all = await Task.WhenAll(runs);
        return new Result(clock.Elapsed, all.SelectMany(x => x).ToArray(), locked);
    }

    private static bool IsBusy(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: 5 } || ex.InnerException is SqliteException { SqliteErrorCode: 5 };

    private static Result RawPath(string path, IReadOnlyList<string> workers, bool gated)
    {
        var gate = gated ? new object() : null;
        var go = false;
        var locked = 0;
        var runs = workers.Select(user => Task.Run(() => RawClaimer.ClaimUntilEmpty(path, user, () => Volatile.Read(ref go), () => Interlocked.Increment(ref locked), gate))).ToList();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref go, true);
        var all = Task.WhenAll(runs).GetAwaiter().GetResult();
        return new Result(clock.Elapsed, all.SelectMany(x => x).ToArray(), locked);
    }

    /// <summary>Every task claimed exactly once: none queued, each with one attempt and its own token.</summary>
    private static string Check(string path, int expected)
    {
        using var c = RawClaimer.Open(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM Tasks WHERE Status = 'Claimed' AND Attempt = 1),
                   (SELECT COUNT(DISTINCT ClaimToken) FROM Tasks),
                   (SELECT COUNT(*) FROM Tasks WHERE Status <> 'Claimed')
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        var (claimed, tokens, other) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
        return claimed == expected && tokens == expected && other == 0 ? "ok" : $"FAILED: {claimed} claimed once, {tokens} tokens, {other} not claimed";
    }

    private static void Profile(CommandProfiler profiler, int claims, string dbPath)
    {
        PrintProfile(profiler, claims);
        if (profiler.ClaimUpdateSql is null) return;
        Console.WriteLine();
        Console.WriteLine("EF Core's claim statement:");
        Console.WriteLine(profiler.ClaimUpdateSql);
        Console.WriteLine("its plan:");
        Explain(dbPath, profiler.ClaimUpdateSql, profiler.ClaimUpdateParameters);
        Console.WriteLine("the baseline's plan:");
        Explain(dbPath, RawClaimer.Sql, [("$user", "x"), ("$name", "x"), ("$now", "x"), ("$lease", "x"), ("$token", "x")]);
        Console.WriteLine("the app's read-back of the claimed row:");
        Explain(dbPath, "SELECT * FROM Tasks WHERE AssigneeId = 'x' AND Status = 'Claimed' AND ClaimToken = 'x' LIMIT 2", []);
    }

    /// <summary>The time of each kind of command EF Core ran, per claim.</summary>
    public static void PrintProfile(CommandProfiler profiler, int claims)
    {
        Console.WriteLine();
        Console.WriteLine($"Where the app path's time goes ({claims:N0} claims; times include waiting for the write lock):");
        Console.WriteLine("| step | per claim | mean µs | total s |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (label, s) in profiler.Stats.OrderByDescending(x => x.Value.Ticks))
            Console.WriteLine($"| {label} | {(double)s.Count / claims:0.00} | {Stopwatch.GetElapsedTime(0, s.Ticks).TotalMicroseconds / s.Count:0} | {Stopwatch.GetElapsedTime(0, s.Ticks).TotalSeconds:0.00} |");
    }

    private static void Explain(string path, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        using var c = RawClaimer.Open(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        using var r = cmd.ExecuteReader();
        while (r.Read()) Console.WriteLine($"    {r.GetInt32(0),3} {r.GetInt32(1),3}  {r.GetString(3)}");
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string SqliteVersion()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        return c.ServerVersion;
    }

    internal sealed record Result(TimeSpan Elapsed, long[] Latencies, int LockedErrors)
    {
        public int Claims => Latencies.Length;
        public double PerSecond => Claims / Elapsed.TotalSeconds;

        private double Percentile(double p)
        {
            if (Latencies.Length == 0) return double.NaN;
            var sorted = Latencies.Order().ToArray();
            var index = (int)Math.Ceiling(p * sorted.Length) - 1;
            return Stopwatch.GetElapsedTime(0, sorted[Math.Clamp(index, 0, sorted.Length - 1)]).TotalMilliseconds;
        }

        public string Row(string name, string check) =>
            $"| {name} | {Claims:N0} | {PerSecond:N0} | {Percentile(0.5):0.00} | {Percentile(0.99):0.00} | {Percentile(1):0.00} | {LockedErrors} | {check} |";
    }
}

/// <summary>The runtime's garbage collections so far: how many of each generation, and how long they paused the process.</summary>
internal readonly record struct GcFigures(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcFigures Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcFigures operator -(GcFigures a, GcFigures b) => new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused);

    public override string ToString() => $"{Gen0} gen0, {Gen1} gen1, {Gen2} gen2, paused {Paused.TotalMilliseconds:0} ms";
}
