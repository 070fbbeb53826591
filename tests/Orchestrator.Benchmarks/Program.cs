namespace Orchestrator.Benchmarks;

/// <summary>
/// Runs one benchmark, named by the first argument (see docs/BENCHMARKS.md). No top-level statements: the Web project,
/// referenced here, owns the global Program.
/// </summary>
public static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        var name = args.FirstOrDefault()?.ToLowerInvariant();
        var rest = args.Skip(1).ToArray();
        switch (name)
        {
            case "claims": return await ClaimsBenchmark.RunAsync(BenchArgs.Parse(rest));
            case "claims-pg": return await ClaimsPostgresBenchmark.RunAsync(PostgresBench.AdminFrom(rest), BenchArgs.Parse(rest));
            case "pipeline-pg": return await PipelinePostgresBenchmark.RunAsync(rest);
            case "pipeline-pg-instance": return await PinnedInstances.InstanceAsync(rest[0], rest[1]);
            case "pipeline": return await PipelineBenchmark.RunAsync(rest);
            case "external": return await PipelineExternalBenchmark.RunAsync(rest);
            case "fanout": return await FanOutBenchmark.RunAsync(rest);
            case "fanout-pg": return await FanOutPostgresBenchmark.RunAsync(rest);
            case "dashboard": return await DashboardBenchmark.RunAsync(rest);
            case "board": return await BoardBenchmark.RunAsync(rest);
            case "circuits": return await CircuitsBenchmark.RunAsync(rest);
            case "learning": return LearningBenchmark.Run(rest);
            case "history": return await HistoryBenchmark.RunAsync(rest);
            case "learning-pipeline": return await LearningPipelineBenchmark.RunAsync(rest);
            case "sql": // sql <db file> <statement>: runs a statement with the bundled SQLite and prints the rows
                {
                    using var c = RawClaimer.Open(rest[0]);
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = rest[1];
                    using var r = cmd.ExecuteReader();
                    while (r.Read()) Console.WriteLine(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i))));
                    return 0;
                }
            case "busyprobe": return BusyProbe.Run();
            default:
                Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Orchestrator.Benchmarks -- <claims [--tasks N] [--claimers N] [--profile]|claims-pg [--postgres <connection string>] [--tasks N] [--claimers N] [--warmup N] [--lanes N] [--batch N] [--profile]|pipeline [n]|pipeline-pg [n] [--pinned] [--postgres <connection string>]|external [n]|fanout [n]|fanout-pg [n] [--postgres <connection string>] --redis <host:port>|dashboard [cases] [--keep]|board [open tasks] [--profile]|circuits [pages]|learning [sizes…]|learning --seeds N [sizes…]|history [weeks] [cases a week] [--profile]|learning-pipeline [n]>");
                return 2;
        }
    }
}
