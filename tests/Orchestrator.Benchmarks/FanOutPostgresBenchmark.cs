using Microsoft.AspNetCore.SignalR.Client;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Live fan-out on PostgreSQL with the Redis backplane (<see cref="FanOutBenchmark"/>'s probe): 200 hub clients on one
/// instance, then 100 on each of two instances, on one fresh database and one Redis. Each instance is the real app
/// (<see cref="PipelineAppHost"/>) on its own port in this process, so both share the Stopwatch the after-commit stamp
/// and the receipts are read from. With two, the changes are POSTed to the instances in turn, so half of the receipts
/// cross the backplane from the other instance.
/// </summary>
public static class FanOutPostgresBenchmark
{
    private const int Clients = FanOutBenchmark.Clients;

    public static async Task<int> RunAsync(string[] args)
    {
        var admin = PostgresBench.AdminFrom(args);
        var redis = Option(args, "--redis") ?? throw new ArgumentException("Name the Redis server: --redis 127.0.0.1:6379");
        var rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100;
        Console.WriteLine($"fanout-pg: {Clients} SignalR hub clients (WebSockets, loopback), {rounds} changes, PostgreSQL + Redis backplane ({redis}), " +
                          $"{Environment.ProcessorCount} cores; load average {ClaimsBenchmark.LoadAverage()}");
        var database = await PostgresBench.CreateDatabaseAsync(admin, 20);
        var settings = new Dictionary<string, string>
        {
            ["Store__Provider"] = "Postgres",
            ["Store__ConnectionString"] = database,
            ["Live__Redis"] = redis,
        };
        PipelineAppHost? a = null, b = null;
        try
        {
            a = PipelineAppHost.Start(settings);
            var one = await MeasureAsync([a], rounds);
            b = PipelineAppHost.Start(settings);
            var two = await MeasureAsync([a, b], rounds);

            Console.WriteLine("one instance (200 clients on A, changes POSTed to A):");
            Print(one);
            Console.WriteLine("two instances (100 clients on A, 100 on B, changes POSTed to A and B in turn):");
            Print(two);
            var ratio = FanOutBenchmark.Pct(two.FromCommit, 95) / FanOutBenchmark.Pct(one.FromCommit, 95);
            var p95 = FanOutBenchmark.Pct(two.FromCommit, 95);
            Console.WriteLine($"RESULT fanout-pg commit->receipt p95: one instance {FanOutBenchmark.Pct(one.FromCommit, 95):0.0} ms, two instances {p95:0.0} ms, " +
                              $"two/one {ratio:0.00}; missed {one.Missed} / {two.Missed}; p95<250 ms with two -> {(p95 < 250 && two.Missed == 0 ? "MET" : "MISSED")}; " +
                              $"load average at the end {ClaimsBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            if (b is not null) await b.DisposeAsync();
            if (a is not null) await a.DisposeAsync();
            await PostgresBench.DropDatabaseAsync(admin, database);
        }
    }

    /// <summary>
    /// Clients split evenly over <paramref name="instances"/> (client i on instance i / share); change r POSTed to
    /// instance r mod count. Receipts grouped by the instance they arrive at and by whether the change was made there
    /// (with the backplane every hub send goes through Redis, to the instance's own clients too).
    /// </summary>
    private static async Task<FanOutBenchmark.Probe> MeasureAsync(IReadOnlyList<PipelineAppHost> instances, int rounds)
    {
        var share = Clients / instances.Count;
        var label = (int i) => ((char)('A' + i)).ToString();
        var probe = new FanOutBenchmark.Probe(Clients)
        {
            CommitStamp = () => TimedNotifier.LastPublish,
            Group = (client, round) =>
            {
                var at = client / share;
                var made = round % instances.Count;
                return $"at {label(at)}" + (instances.Count > 1 ? at == made ? ", change made on this instance" : ", change made on the other instance" : "");
            },
        };
        var conns = new List<HubConnection>();
        var posts = new List<HttpClient>();
        try
        {
            for (var i = 0; i < instances.Count; i++)
            {
                var cookie = await FanOutBenchmark.SignInAsync(instances[i].BaseAddress);
                conns.AddRange(await FanOutBenchmark.ConnectAsync(new Uri(instances[i].BaseAddress, "/hubs/live"), cookie, probe, share, i * share));
                posts.Add(new HttpClient { BaseAddress = instances[i].BaseAddress });
            }
            await FanOutBenchmark.Warm(probe, 5 * instances.Count, r => FanOutBenchmark.PostCaseAsync(posts[r % posts.Count], $"warm-{r}", null));
            probe.ClearAfterWarmUp();
            await probe.MeasureAsync(rounds, r => FanOutBenchmark.PostCaseAsync(posts[r % posts.Count], $"fan-{r}", null));
            return probe;
        }
        finally
        {
            await FanOutBenchmark.DisposeAll(conns);
            foreach (var http in posts) http.Dispose();
        }
    }

    private static void Print(FanOutBenchmark.Probe probe)
    {
        FanOutBenchmark.Report("  all clients (after-commit publish -> receipt)", probe.FromCommit, probe.Missed);
        foreach (var (group, lat) in probe.ByGroup) FanOutBenchmark.Report($"    {group}", lat, 0);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
