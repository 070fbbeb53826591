namespace Orchestrator.Benchmarks
{
    public sealed record BenchArgs(int Tasks, int Claimers, int WarmupTasks, bool Profile, bool Gate, bool Keep)
    {
        /// <summary>The app's claim batching (Work:ClaimLanes, Work:ClaimBatch): its defaults unless --lanes / --batch say otherwise.</summary>
        public Orchestrator.Infrastructure.Work.WorkOptions Work { get; init; } = new();

        public static BenchArgs Parse(IEnumerable<string> args)
        {
            var list = args.ToList();
            int Int(string name, int fallback) => list.IndexOf(name) is var i and >= 0 && i + 1 < list.Count ? int.Parse(list[i + 1]) : fallback;
            var work = new Orchestrator.Infrastructure.Work.WorkOptions();
            work.ClaimLanes = Int("--lanes", work.ClaimLanes);
            work.ClaimBatch = Int("--batch", work.ClaimBatch);
            return new(Int("--tasks", 10_000), Int("--claimers", 50), Int("--warmup", 1_000), list.Contains("--profile"), list.Contains("--gate"), list.Contains("--keep")) { Work = work };
        }
    }
}
