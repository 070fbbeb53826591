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
/// The agent pipeline (<see cref="PipelineBenchmark"/>, from a backlog) on PostgreSQL, on one instance and then on two:
/// each instance is a host of its own in this process (engine, queue drain, Hangfire server with its workers, work
/// sweeper; its own DI container and connection pool) on the same fresh database. The agent's concurrency cap
/// (64 runs) holds across the cluster, as in the app.
/// </summary>
public static class PipelinePostgresBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var admin = PostgresBench.AdminFrom(args);
        var cases = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 500;
        int? cap = Array.IndexOf(args, "--cap") is var at and >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : null;
        var rounds = Array.IndexOf(args, "--rounds") is var r and >= 0 && r + 1 < args.Length ? int.Parse(args[r + 1]) : 3;
        if (args.Contains("--pinned")) return await PinnedInstances.RunRoundsAsync(admin, cases, cap ?? PinnedInstances.DefaultCap, rounds);
        var tasks = cases * PipelineBenchmark.Steps;
        Console.WriteLine($"pipeline on PostgreSQL: {cases} cases x {PipelineBenchmark.Steps} agent steps = {tasks} agent tasks from a backlog, " +
                          $"{PipelineBenchmark.Workers} Hangfire workers per instance, {Environment.ProcessorCount} cores; load average {ClaimsBenchmark.LoadAverage()}");
        var rates = new Dictionary<int, double>();
        foreach (var instances in new[] { 1, 2 })
        {
            var (done, elapsed) = await RunAsync(admin, cases, instances);
            rates[instances] = done / elapsed.TotalSeconds;
            Console.WriteLine($"{instances} instance(s): {done} agent tasks completed in {elapsed.TotalSeconds:0.0} s = {rates[instances]:0.0} tasks/s");
        }
        Console.WriteLine($"RESULT two/one instances: {rates[2] / rates[1]:0.00} (aim ≥ 1.6); load average at the end {ClaimsBenchmark.LoadAverage()}");
        return 0;
    }

    private static async Task<(int Done, TimeSpan Elapsed)> RunAsync(string admin, int cases, int instances)
    {
        var database = await PostgresBench.CreateDatabaseAsync(admin, 40);
        var root = Path.Combine(Path.GetTempPath(), "ob-pipeline-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new DataStoreOptions { Provider = "Postgres", ConnectionString = database };
        var hosts = Enumerable.Range(0, instances).Select(i => PipelineBenchmark.BuildHost(Path.Combine(root, $"i{i}"), store, null)).ToList();
        try
        {
            var contexts = await PipelineBenchmark.PrepareAsync(hosts[0]);
            foreach (var host in hosts.Skip(1)) host.Services.GetRequiredService<WorkflowCatalog>().Invalidate();
            foreach (var host in hosts) await host.StartAsync();
            var open = hosts[0].Services.GetRequiredService<OpenCase>();

            // Warm up every instance (JIT, EF Core's caches, the drain), then pile up the backlog while the agent has no slot.
            var warm = 0;
            for (var i = 0; i < hosts.Count; i++)
                warm += await PipelineBenchmark.OpenCasesAsync(hosts[i].Services.GetRequiredService<OpenCase>(), $"warm{i}", 20);
            await PipelineBenchmark.WaitForCasesAsync(contexts, warm);
            await PipelineBenchmark.SetConcurrencyAsync(contexts, 0);
            var opened = await PipelineBenchmark.OpenCasesAsync(open, "b", cases);
            await PipelineBenchmark.SetConcurrencyAsync(contexts, PipelineBenchmark.AgentConcurrency);

            var clock = Stopwatch.StartNew();
            foreach (var host in hosts) await host.Services.GetRequiredService<IAgentDispatcher>().DispatchAsync([]); // as the work sweeper does
            var total = opened + warm;
            var completed = await PipelineBenchmark.WaitForCasesAsync(contexts, total, Limit);
            var elapsed = clock.Elapsed;
            if (completed < total) Console.WriteLine($"pipeline: TIME LIMIT {Limit.TotalMinutes} min reached with {completed}/{total} cases completed");
            await using (var db = await contexts.CreateDbContextAsync())
            {
                var done = await db.Tasks.CountAsync(t => t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Completed) - warm * PipelineBenchmark.Steps;
                // A task whose run started twice has a second attempt; a case completed twice has two audit records.
                var twice = await db.Tasks.CountAsync(t => t.Route == TaskRoute.Agent && t.Attempt != 1);
                var casesTwice = await db.AuditEvents.Where(e => e.Action == "case.completed").GroupBy(e => e.SubjectId).CountAsync(g => g.Count() > 1);
                if (twice + casesTwice > 0) Console.WriteLine($"pipeline: CHECK FAILED: {twice} agent tasks started more than once, {casesTwice} cases completed more than once");
                return (done, elapsed);
            }
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            foreach (var host in hosts)
            {
                try { await host.StopAsync(stop.Token); } catch (OperationCanceledException) { }
                host.Dispose();
            }
            await PostgresBench.DropDatabaseAsync(admin, database);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
