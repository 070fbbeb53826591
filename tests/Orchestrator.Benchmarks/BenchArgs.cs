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
