using System.Diagnostics;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Jobs;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The agent pipeline end to end with zero-latency simulated agents (routing, one Hangfire job per task, agent,
/// validation, persist, next step), wired like the app but without the web host; then Hangfire alone running the
/// same number of no-op jobs on a fresh storage with the same options and workers.
/// </summary>
public static class PipelineBenchmark
{
    public const string WorkflowKey = "bench-pipeline";
    public const string AgentKey = "bench-sim";
    public const string LearnerKey = "bench-learn";
    public const int Steps = 3;
    public const int Workers = 8; // the app's default (appsettings Jobs:Workers)
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 150;
        var profiler = args.Contains("--profile") ? new CommandProfiler() : null;
        var tasks = cases * Steps;
        Console.WriteLine($"pipeline: {cases} cases x {Steps} agent steps = {tasks} agent tasks, {Workers} Hangfire workers, {Environment.ProcessorCount} cores");

        var root = Path.Combine(Path.GetTempPath(), "ob-pipeline-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            // The baseline runs first: the pipeline's host sets Hangfire's global activator and log provider, then disposes them.
            if (args.Contains("--backlog-only")) // a quick look at the pipeline alone, for profiling
            {
                await RunPipelineAsync(Path.Combine(root, "backlog"), cases, backlog: true, profiler);
                return 0;
            }
            var (jobs, jobsElapsed) = await RunBaselineAsync(Path.Combine(root, "baseline"), tasks);
            var baseRate = jobs / jobsElapsed.TotalSeconds;
            Console.WriteLine($"baseline: {jobs} no-op Hangfire jobs succeeded in {jobsElapsed.TotalSeconds:0.0} s = {baseRate:0.0} jobs/s");
            var (done, escalated, elapsed, openElapsed) = await RunPipelineAsync(Path.Combine(root, "intake"), cases, backlog: false, null);
            var pipelineRate = done / elapsed.TotalSeconds;
            Console.WriteLine($"pipeline with intake: {done} agent tasks completed ({escalated} escalated) in {elapsed.TotalSeconds:0.0} s (opening the cases took {openElapsed.TotalSeconds:0.0} s) = {pipelineRate:0.0} tasks/s");
            var (bDone, bEscalated, bElapsed, _) = await RunPipelineAsync(Path.Combine(root, "backlog"), cases, backlog: true, profiler);
            var backlogRate = bDone / bElapsed.TotalSeconds;
            Console.WriteLine($"pipeline from a backlog: {bDone} agent tasks completed ({bEscalated} escalated) in {bElapsed.TotalSeconds:0.0} s = {backlogRate:0.0} tasks/s");
            foreach (var (name, rate) in new[] { ("with intake", pipelineRate), ("from a backlog", backlogRate) })
                Console.WriteLine($"RESULT {name}: pipeline={rate:0.0} tasks/s baseline={baseRate:0.0} jobs/s ratio={rate / baseRate:0.00} aim: >=300 tasks/s and ratio>=0.5 -> {(rate >= 300 && rate / baseRate >= 0.5 ? "MET" : "MISSED")}");
            Console.WriteLine($"load average at the end {ClaimsBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// With intake: the clock runs from the first case opened (4 concurrent openers) while the agents already work.
    /// From a backlog: the cases are opened before the host (Hangfire server, sweeper) starts, so their first tasks wait
    /// routed and dispatched; the clock runs from the start of the host.
    /// </summary>
    /// <param name="shape">
    /// Null: the steps' outputs are a yes/no and a number, worked by a zero-latency simulated agent. Otherwise a yes/no only
    /// (what a learning agent can answer), worked by the simulated agent or by a learning agent with a trained champion.
    /// </param>
    public static async Task<(int Done, int Escalated, TimeSpan Elapsed, TimeSpan OpenElapsed)> RunPipelineAsync(string root, int cases, bool backlog, CommandProfiler? profiler,
        LearningPipelineBenchmark.Agent? shape = null)
    {
        using var host = BuildHost(root, new DataStoreOptions { DataFolder = Path.Combine(root, "data") }, profiler, learning: shape is not null);
        var contexts = await PrepareAsync(host, shape);

        var open = host.Services.GetRequiredService<OpenCase>();
        await host.StartAsync();
        Task OpenAsync(string prefix, int count) => OpenCasesAsync(open, prefix, count);
        if (backlog)
        {
            // warm up (JIT, EF Core's caches, the drain), then let the backlog pile up while the agent has no slot
            await OpenAsync("warm", 20);
            await WaitForCasesAsync(contexts, 20);
            await SetConcurrencyAsync(contexts, 0);
            var opening = Stopwatch.StartNew();
            await OpenAsync("b", cases);
            Console.WriteLine($"pipeline: {cases} cases opened in {opening.Elapsed.TotalSeconds:0.0} s while the agent had no free slot");
            await SetConcurrencyAsync(contexts, AgentConcurrency);
        }
        var clock = Stopwatch.StartNew();
        var cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        profiler?.Reset();
        if (backlog) await host.Services.GetRequiredService<IAgentDispatcher>().DispatchAsync([]); // as the work sweeper does
        else await OpenAsync("b", cases);
        var openElapsed = clock.Elapsed;
        var total = cases + (backlog ? 20 : 0);

        var completed = 0;
        while (clock.Elapsed < Limit)
        {
            await using (var db = await contexts.CreateDbContextAsync())
                completed = await db.Cases.CountAsync(c => c.Status == CaseStatus.Completed);
            if (completed >= total) break;
            await Task.Delay(100);
        }
        var elapsed = clock.Elapsed;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        int done, escalated;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            done = await db.Tasks.CountAsync(t => t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Completed);
            escalated = await db.Tasks.CountAsync(t => t.Status == WorkTaskStatus.Escalated);
            // where a task's time goes: waiting queued (routing commit -> a Hangfire job starts it) vs running (start -> completion committed)
            var times = await db.Tasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Completed)
                .Select(t => new { t.CreatedAt, t.ClaimedAt, t.CompletedAt }).ToListAsync();
            var waits = times.Where(t => t.ClaimedAt != null).Select(t => (t.ClaimedAt!.Value - t.CreatedAt).TotalMilliseconds).OrderBy(x => x).ToList();
            var runs = times.Where(t => t.ClaimedAt != null && t.CompletedAt != null).Select(t => (t.CompletedAt!.Value - t.ClaimedAt!.Value).TotalMilliseconds).OrderBy(x => x).ToList();
            if (waits.Count > 0 && runs.Count > 0)
                Console.WriteLine($"pipeline: per task, queued (created -> started by its job) p50 {waits[waits.Count / 2]:0} ms mean {waits.Average():0} ms; running (started -> completed) p50 {runs[runs.Count / 2]:0} ms mean {runs.Average():0} ms");
        }
        Console.WriteLine($"pipeline: this process used {cpu.TotalSeconds:0.0} s of CPU in {elapsed.TotalSeconds:0.0} s = {cpu.TotalMilliseconds / Math.Max(1, done):0.0} ms of CPU per agent task");
        if (profiler is not null)
            foreach (var (label, stat) in profiler.Stats.OrderByDescending(x => x.Value.Ticks))
                Console.WriteLine($"    {label,-50} {(double)stat.Count / Math.Max(1, done),6:0.00} per task  {Stopwatch.GetElapsedTime(0, stat.Ticks).TotalMilliseconds / stat.Count,8:0.000} ms each");
        if (backlog) done -= 20 * Steps;
        if (completed < total) Console.WriteLine($"pipeline: TIME LIMIT {Limit.TotalMinutes} min reached with {completed}/{cases} cases completed");
        var hangfireJobs = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().SucceededListCount();
        Console.WriteLine($"pipeline: {hangfireJobs} Hangfire jobs succeeded in the app's storage for {done} agent tasks ({(double)hangfireJobs / Math.Max(1, done):0.00} jobs per task)");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StopAsync(stop.Token);
        return (done, escalated, elapsed, openElapsed);
    }

    /// <summary>Opens cases of the benchmark workflow, four at a time; returns how many opened.</summary>
    internal static async Task<int> OpenCasesAsync(OpenCase open, string prefix, int count)
    {
        var next = 0;
        var failures = 0;
        string? firstFailure = null;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= count)
            {
                var r = await open.HandleAsync(new OpenCaseRequest(WorkflowKey, $"{prefix}-{i}", 0, new JsonObject { ["text"] = $"case {i}" }), Actor.System);
                if (r.Succeeded) continue;
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstFailure, $"{r.Code}: {r.Message}", null);
            }
        })));
        if (failures > 0) Console.WriteLine($"pipeline: {failures} cases failed to open (first: {firstFailure})");
        return count - failures;
    }

    internal const int AgentConcurrency = 64;

    /// <summary>The engine, agents and Hangfire server wired as the app wires them, without the web host: one "instance".</summary>
    internal static IHost BuildHost(string root, DataStoreOptions store, CommandProfiler? profiler, bool learning = false)
    {
        Directory.CreateDirectory(root);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root, EnvironmentName = "Production" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var demo = new DemoOptions { Enabled = false, CrewSize = 0, CasesPerMinute = 0, InitialCases = 0 };
        builder.Services.AddOrchestratorStore(store, root);
        builder.Services.AddOrchestratorWork(new WorkOptions(), demo);
        builder.Services.AddOrchestratorJobs(store, new JobOptions { RunServer = true, Workers = Workers }, root);
        if (learning) Orchestrator.Infrastructure.Learning.LearningSetup.AddOrchestratorLearning(builder.Services, new Orchestrator.Infrastructure.Learning.LearningOptions { RetrainCron = "" }, store.ResolvedDataFolder(root));
        builder.Services.AddSingleton<ILiveNotifier, BusOnlyNotifier>();
        if (profiler is not null) builder.Services.ConfigureDbContext<OrchestratorDbContext>(o => o.AddInterceptors(profiler));
        builder.Services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<OrchestratorDbContext>();
        return builder.Build();
    }

    /// <summary>Migrates the store and seeds the benchmark's agent and workflow.</summary>
    internal static async Task<IDbContextFactory<OrchestratorDbContext>> PrepareAsync(IHost host, LearningPipelineBenchmark.Agent? shape = null)
    {
        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var contexts = host.Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
        await SeedAsync(contexts, shape);
        if (shape == LearningPipelineBenchmark.Agent.Learning) await LearningPipelineBenchmark.TrainChampionsAsync(host.Services);
        host.Services.GetRequiredService<WorkflowCatalog>().Invalidate();
        return contexts;
    }

    /// <summary>Waits until <paramref name="count"/> cases are completed, or the limit passes; returns how many are.</summary>
    internal static async Task<int> WaitForCasesAsync(IDbContextFactory<OrchestratorDbContext> contexts, int count, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        var completed = 0;
        while (deadline.Elapsed < (limit ?? Limit))
        {
            await using (var db = await contexts.CreateDbContextAsync())
                completed = await db.Cases.CountAsync(c => c.Status == CaseStatus.Completed);
            if (completed >= count) break;
            await Task.Delay(100);
        }
        return completed;
    }

    internal static async Task SetConcurrencyAsync(IDbContextFactory<OrchestratorDbContext> contexts, int max)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.AgentProfiles.Where(p => p.Key == AgentKey || p.Key == LearnerKey).ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxConcurrency, max));
    }

    private static async Task SeedAsync(IDbContextFactory<OrchestratorDbContext> contexts, LearningPipelineBenchmark.Agent? shape)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        db.AgentProfiles.Add(AgentProfile.Create(AgentKey, "Bench simulator", AgentKind.Simulated, "simulated", "1.0", 0m, 0.001m, AgentConcurrency, now,
            settingsJson: """{"accuracy":1,"minLatencyMs":0,"maxLatencyMs":0,"tokens":100,"seed":1}""", maxBacklog: 100000));
        db.AgentProfiles.Add(AgentProfile.Create(LearnerKey, "Bench learner", AgentKind.Learning, "ml.net", "1", 0.0005m, 0m, AgentConcurrency, now,
            settingsJson: """{"minPerClass":5}""", maxBacklog: 100000));
        var steps = Enumerable.Range(1, Steps).Select(i => new StepDefinition
        {
            Key = $"s{i}", Name = $"Step {i}", Kind = WorkKind.Execution, Skills = ["bench"],
            Inputs = [new() { Key = "text", Label = "Text", Type = FieldType.Text, Required = false }],
            Outputs = shape is null
                ? [new() { Key = "ok", Label = "OK", Type = FieldType.YesNo }, new() { Key = "count", Label = "Count", Type = FieldType.Number }]
                : [new() { Key = "ok", Label = "OK", Type = FieldType.YesNo }],
            Staffing = new() { Mode = StaffingMode.Agent, ConfidenceThreshold = 0, AllowedAgents = [shape == LearningPipelineBenchmark.Agent.Learning ? LearnerKey : AgentKey], Oversight = Oversight.None, SetBy = "bench" },
            Quality = new() { SampleRate = 0 },
        }).ToList();
        var workflow = Workflow.Create(WorkflowKey, "Bench pipeline", "Three agent steps", now);
        var version = WorkflowVersion.Draft(workflow, 1, steps, 1m, "bench", now);
        version.Publish("bench", now);
        db.Workflows.Add(workflow);
        db.WorkflowVersions.Add(version);
        await db.SaveChangesAsync();
    }

    /// <summary>Hangfire alone: the same storage and options as JobSetup, the same workers, no-op jobs.</summary>
    private static async Task<(long Jobs, TimeSpan Elapsed)> RunBaselineAsync(string folder, int jobs)
    {
        Directory.CreateDirectory(folder);
        // the same global settings JobSetup applies
        GlobalConfiguration.Configuration
            .UseLogProvider(new SilentLogProvider())
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        var storage = new SQLiteStorage(Path.Combine(folder, "hangfire.db"), new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromSeconds(1),
            InvisibilityTimeout = TimeSpan.FromMinutes(10),
        });
        var client = new BackgroundJobClient(storage);
        var monitor = storage.GetMonitoringApi();
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { Activator = new JobActivator(), WorkerCount = Workers, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage);
        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (Interlocked.Increment(ref next) <= jobs) client.Enqueue(() => NoOpJob.Run());
        })));
        long succeeded = 0;
        while (clock.Elapsed < Limit)
        {
            succeeded = monitor.SucceededListCount();
            if (succeeded >= jobs) break;
            await Task.Delay(100);
        }
        var elapsed = clock.Elapsed;
        if (succeeded < jobs) Console.WriteLine($"baseline: TIME LIMIT reached with {succeeded}/{jobs} jobs succeeded");
        server.SendStop();
        server.WaitForShutdown(TimeSpan.FromSeconds(20));
        storage.Dispose();
        return (succeeded, elapsed);
    }
}

public static class NoOpJob
{
    public static void Run() { }
}

/// <summary>The app's notifier without the hub: this process's live bus only (no web host here).</summary>
internal sealed class BusOnlyNotifier(LiveBus bus) : ILiveNotifier
{
    public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default) => bus.DeliverAsync(events);
}

internal sealed class SilentLogProvider : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name) => new Silent();
    private sealed class Silent : Hangfire.Logging.ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
