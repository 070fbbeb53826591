using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Benchmarks;

/// <summary>
/// `pipeline-pg --pinned`: the agent pipeline from a backlog on PostgreSQL, with each instance a process of its own
/// pinned to a core of its own (`taskset -c`), as two machines would each bring their own CPU: one instance on core 0,
/// then two on cores 0 and 1. PostgreSQL runs unpinned on the same machine in both runs. The parent process prepares
/// the database, opens the backlog and counts completions; the instances do all the agent work.
/// </summary>
public static class PinnedInstances
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The agent's cap across the cluster: room for two instances' runs at once (each runs at most
    /// <c>Work:AgentRunsInFlight</c>, 64), so what one instance can do is the limit, not the cap, and a second instance
    /// has room to add to it. `--cap 64` shows the other case: the instances then split one instance's worth of runs.
    /// </summary>
    public const int DefaultCap = 128;

    /// <summary>Rounds of one instance then two; each round's ratio is printed, and their median is the result.</summary>
    public static async Task<int> RunRoundsAsync(string admin, int cases, int cap, int rounds)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"pipeline on PostgreSQL, pinned instances: {cases} cases x {PipelineBenchmark.Steps} agent steps from a backlog, " +
                          $"the agent capped at {cap} runs across the cluster, at most 64 in flight per instance, " +
                          $"each instance a process on a core of its own ({cores} cores), {rounds} round(s); load average {ClaimsBenchmark.LoadAverage()}");
        if (cores < 2) { Console.WriteLine("pinned: needs 2 cores"); return 2; }
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var rates = new Dictionary<int, double>();
            foreach (var instances in new[] { 1, 2 })
            {
                var (done, elapsed) = await RunAsync(admin, cases, instances, cap);
                rates[instances] = done / elapsed.TotalSeconds;
                Console.WriteLine($"round {round}, {instances} instance(s), core(s) 0{(instances == 2 ? " and 1" : "")}: {done} agent tasks completed in {elapsed.TotalSeconds:0.0} s = {rates[instances]:0.0} tasks/s");
            }
            ratios.Add(rates[2] / rates[1]);
            Console.WriteLine($"round {round}: two/one instances {ratios[^1]:0.00}; load average {ClaimsBenchmark.LoadAverage()}");
        }
        var sorted = ratios.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine($"RESULT pinned two/one instances, median of {rounds}: {median:0.00} (rounds {string.Join(", ", ratios.Select(r => r.ToString("0.00")))}; aim ≥ 1.6)");
        return 0;
    }

    private static async Task<(int Done, TimeSpan Elapsed)> RunAsync(string admin, int cases, int instances, int cap)
    {
        var database = await PostgresBench.CreateDatabaseAsync(admin, 40);
        var root = Path.Combine(Path.GetTempPath(), "ob-pinned-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new DataStoreOptions { Provider = "Postgres", ConnectionString = database };
        // The parent's host is never started: it migrates, seeds and opens cases (its Hangfire client enqueues the runs).
        using var parent = PipelineBenchmark.BuildHost(Path.Combine(root, "parent"), store, null);
        var children = new List<Process>();
        try
        {
            var contexts = await PipelineBenchmark.PrepareAsync(parent);
            for (var i = 0; i < instances; i++) children.Add(await StartInstanceAsync(i, database, Path.Combine(root, $"i{i}")));
            var open = parent.Services.GetRequiredService<OpenCase>();

            var warm = await PipelineBenchmark.OpenCasesAsync(open, "warm", 20 * instances);
            await PipelineBenchmark.WaitForCasesAsync(contexts, warm);
            await PipelineBenchmark.SetConcurrencyAsync(contexts, 0);
            var opened = await PipelineBenchmark.OpenCasesAsync(open, "b", cases);
            await PipelineBenchmark.SetConcurrencyAsync(contexts, cap);

            var clock = Stopwatch.StartNew();
            foreach (var child in children) await child.StandardInput.WriteLineAsync("go"); // each fills its agent slots, as the work sweeper does
            var total = opened + warm;
            var completed = await PipelineBenchmark.WaitForCasesAsync(contexts, total, Limit);
            var elapsed = clock.Elapsed;
            if (completed < total) Console.WriteLine($"pinned: TIME LIMIT {Limit.TotalMinutes} min reached with {completed}/{total} cases completed");
            await using var check = await contexts.CreateDbContextAsync();
            var done = await check.Tasks.CountAsync(t => t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Completed) - warm * PipelineBenchmark.Steps;
            // A task whose run started twice has a second attempt; a case completed twice has two audit records.
            var twice = await check.Tasks.CountAsync(t => t.Route == TaskRoute.Agent && t.Attempt != 1);
            var casesTwice = await check.AuditEvents.Where(e => e.Action == "case.completed").GroupBy(e => e.SubjectId).CountAsync(g => g.Count() > 1);
            if (twice + casesTwice > 0) Console.WriteLine($"pinned: CHECK FAILED: {twice} agent tasks started more than once, {casesTwice} cases completed more than once");
            return (done, elapsed);
        }
        finally
        {
            foreach (var child in children)
            {
                try { child.StandardInput.Close(); } catch (IOException) { }
                if (!child.WaitForExit(20_000)) child.Kill(entireProcessTree: true);
                child.Dispose();
            }
            await PostgresBench.DropDatabaseAsync(admin, database);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<Process> StartInstanceAsync(int core, string database, string root)
    {
        var start = new ProcessStartInfo("taskset")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", core.ToString(System.Globalization.CultureInfo.InvariantCulture), Environment.ProcessPath!, typeof(PinnedInstances).Assembly.Location, "pipeline-pg-instance", database, root })
            start.ArgumentList.Add(arg);
        var child = Process.Start(start)!;
        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (line != "ready") throw new InvalidOperationException($"instance on core {core} did not start: {line}");
        _ = child.StandardOutput.ReadToEndAsync(); // keep its log from filling the pipe and stalling it
        return child;
    }

    /// <summary>One instance: the engine, agents and Hangfire server; "go" on standard input fills its agent slots, end of input stops it.</summary>
    public static async Task<int> InstanceAsync(string database, string root)
    {
        using var host = PipelineBenchmark.BuildHost(root, new DataStoreOptions { Provider = "Postgres", ConnectionString = database }, null);
        host.Services.GetRequiredService<WorkflowCatalog>().Invalidate();
        await host.StartAsync();
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is { } command)
            if (command == "go") await host.Services.GetRequiredService<IAgentDispatcher>().DispatchAsync([]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await host.StopAsync(stop.Token); } catch (OperationCanceledException) { }
        return 0;
    }
}
