using Orchestrator.Benchmarks;

// dotnet run -c Release --project tests/Orchestrator.Benchmarks -- claims [--tasks 10000] [--claimers 50] [--profile] [--gate] [--keep]
var command = args.FirstOrDefault() ?? "";
switch (command)
{
    case "claims":
        return await ClaimsBenchmark.RunAsync(BenchArgs.Parse(args.Skip(1)));
    case "sql": // sql <db file> <statement>: runs a statement with the bundled SQLite and prints the rows
        {
            using var c = RawClaimer.Open(args[1]);
            using var cmd = c.CreateCommand();
            cmd.CommandText = args[2];
            using var r = cmd.ExecuteReader();
            while (r.Read()) Console.WriteLine(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i))));
            return 0;
        }
    case "busyprobe":
        return BusyProbe.Run();
    default:
        Console.Error.WriteLine("usage: Orchestrator.Benchmarks claims [--tasks N] [--claimers N] [--profile] [--gate] [--keep]");
        return 2;
}

namespace Orchestrator.Benchmarks
{
    public sealed record BenchArgs(int Tasks, int Claimers, int WarmupTasks, bool Profile, bool Gate, bool Keep)
    {
        public static BenchArgs Parse(IEnumerable<string> args)
        {
            var list = args.ToList();
            int Int(string name, int fallback) => list.IndexOf(name) is var i and >= 0 && i + 1 < list.Count ? int.Parse(list[i + 1]) : fallback;
            return new(Int("--tasks", 10_000), Int("--claimers", 50), Int("--warmup", 1_000), list.Contains("--profile"), list.Contains("--gate"), list.Contains("--keep"));
        }
    }
}
