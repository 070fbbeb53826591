namespace Orchestrator.Benchmarks;

/// <summary>Runs one benchmark, named by the first argument. (No top-level statements: the Web project owns the global Program.)</summary>
public static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        var name = args.FirstOrDefault()?.ToLowerInvariant();
        var rest = args.Skip(1).ToArray();
        switch (name)
        {
            case "pipeline": return await PipelineBenchmark.RunAsync(rest);
            case "external": return await PipelineExternalBenchmark.RunAsync(rest);
            case "fanout": return await FanOutBenchmark.RunAsync(rest);
            default:
                Console.WriteLine("usage: dotnet run -c Release --project tests/Orchestrator.Benchmarks -- <pipeline|external|fanout> [n]");
                return 2;
        }
    }
}
