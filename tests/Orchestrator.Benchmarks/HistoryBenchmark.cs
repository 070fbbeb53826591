using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The demo's first start: the real app on a fresh data folder writes its history in the background; measured from the
/// start of the host to the history's marker saying done, with the CPU the process used.
/// </summary>
public static class HistoryBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var profile = args.Contains("--profile");
        args = args.Where(a => a != "--profile").ToArray();
        var weeks = args.Length > 0 && int.TryParse(args[0], out var w) ? w : new DemoBackfillOptions().Weeks;
        var perWeek = args.Length > 1 && int.TryParse(args[1], out var c) ? c : new DemoBackfillOptions().CasesPerWeek;
        var profiler = profile ? new CommandProfiler { ByStatement = true } : null;
        Console.WriteLine($"history: {weeks} weeks x {perWeek} cases, {Environment.ProcessorCount} cores, load average {ClaimsBenchmark.LoadAverage()}");
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        await using var app = PipelineAppHost.Start(new Dictionary<string, string>
        {
            ["Demo__Backfill__Enabled"] = "true", ["Demo__Backfill__Weeks"] = weeks.ToString(), ["Demo__Backfill__CasesPerWeek"] = perWeek.ToString(),
        }, profiler);
        // Watched through the in-memory status the pages' banner shows (a query every 100 ms would add its own load), then confirmed in the store.
        var status = app.Services.GetRequiredService<DemoHistoryStatus>();
        while (status.State is not (DemoHistoryState.Done or DemoHistoryState.Failed) && clock.Elapsed < Limit) await Task.Delay(50);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var history = app.Services.GetRequiredService<DemoHistory>();
        while (await history.IsPendingAsync() && clock.Elapsed < Limit) await Task.Delay(100);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        var cases = await db.Cases.CountAsync(x => x.ExternalId!.StartsWith(DemoHistory.ExternalIdPrefix));
        var tasks = await db.Tasks.CountAsync();
        var versions = await db.ModelVersions.CountAsync();
        var marker = (await db.Settings.SingleAsync(s => s.Key == DemoHistory.Marker)).Value;
        Console.WriteLine($"history: {marker}");
        Console.WriteLine($"RESULT history: {cases} cases, {tasks} tasks, {versions} model versions written in {elapsed.TotalSeconds:0.0} s from the host's start " +
                          $"({status.State}); the process used {cpu.TotalSeconds:0.0} s of CPU; aim: under 60 s on 2 cores -> {(elapsed.TotalSeconds < 60 ? "MET" : "MISSED")}");
        Console.WriteLine($"load average at the end {ClaimsBenchmark.LoadAverage()}");
        if (profiler is not null)
        {
            PrintStatements(profiler, cases);
            var copy = Path.Combine(Path.GetTempPath(), "history.db");
            File.Delete(copy);
            await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}");
            Console.WriteLine($"history: the store copied to {copy}");
        }
        await PrintWeeksAsync(app.Services, weeks);
        return 0;
    }

    /// <summary>Every statement the history ran (with --profile): how often per case and how long in all, the costliest first.</summary>
    private static void PrintStatements(CommandProfiler profiler, int cases)
    {
        var stats = profiler.Stats.OrderByDescending(x => x.Value.Ticks).ToList();
        Console.WriteLine($"Statements: {stats.Sum(s => s.Value.Count):N0} in {Stopwatch.GetElapsedTime(0, stats.Sum(s => s.Value.Ticks)).TotalSeconds:0.0} s ({cases} cases)");
        Console.WriteLine("| per case | mean µs | total s | statement |");
        Console.WriteLine("|---:|---:|---:|---|");
        foreach (var (label, s) in stats.Take(60))
            Console.WriteLine($"| {(double)s.Count / Math.Max(1, cases):0.00} | {Stopwatch.GetElapsedTime(0, s.Ticks).TotalMicroseconds / s.Count:0} | " +
                              $"{Stopwatch.GetElapsedTime(0, s.Ticks).TotalSeconds:0.00} | {Shorten(label)} |");
    }

    /// <summary>A statement with its column lists elided, so what it reads and where is what shows.</summary>
    private static string Shorten(string sql)
    {
        sql = System.Text.RegularExpressions.Regex.Replace(sql, @"^SELECT (.{80,}?) FROM", "SELECT … FROM");
        sql = System.Text.RegularExpressions.Regex.Replace(sql, @"^INSERT INTO (""\w+"") \(.*?\) VALUES \(.*?\)", "INSERT INTO $1 …");
        return sql.Length > 300 ? sql[..300] + "…" : sql;
    }

    /// <summary>
    /// What the Dashboards page shows for each week of the history: triage's agent share (in brackets, the learning
    /// agent's part of it), cost per outcome, quality (reviews passed), and the learning agent's latest version.
    /// </summary>
    private static async Task PrintWeeksAsync(IServiceProvider services, int weeks)
    {
        var outcomes = services.GetRequiredService<OutcomeQueries>();
        var start = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddDays(-7 * weeks));
        await using var db = await services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.StepKey == DemoHistory.TriageStep).OrderBy(v => v.Number).ToListAsync();
        var shares = new List<double>();
        for (var w = 0; w < weeks; w++)
        {
            var from = start.AddDays(7 * w);
            var d = await outcomes.DashboardAsync(AutoClaimsWorkflow.Key, from, from.AddDays(6));
            var triage = d.Steps.Single(s => s.StepKey == DemoHistory.TriageStep);
            var learner = d.Agents.FirstOrDefault(a => a.AgentKey == DemoSeeder.LearningAgentKey)?.Completed ?? 0;
            shares.Add(triage.AgentShare ?? 0);
            var trained = versions.Where(v => DateOnly.FromDateTime(v.CreatedAt) <= from.AddDays(6)).MaxBy(v => v.Number);
            Console.WriteLine($"RESULT history week {w + 1,2}: triage agent share {triage.AgentShare,6:P0} ({(triage.Completed == 0 ? 0 : (double)learner / triage.Completed),4:P0}); " +
                              $"cost per outcome {d.CostPerOutcome.Total,6:0.00}; quality {d.Quality.Value:P1} of {d.Quality.Trials}; " +
                              $"latest model {(trained is null ? "none" : $"v{trained.Number} on {trained.TrainingSize} examples, {trained.Accuracy:P0} held out")}");
        }
        if (weeks < 4) return;
        var (early, late) = (shares.Take(2).Average(), shares.TakeLast(2).Average());
        Console.WriteLine($"RESULT history: triage agent share {early:P0} in the first two weeks, {late:P0} in the last two; " +
                          $"aim: about 60–80% rising above 90% -> {(early is >= 0.55 and <= 0.8 && late > 0.9 ? "MET" : "MISSED")}");
    }
}
