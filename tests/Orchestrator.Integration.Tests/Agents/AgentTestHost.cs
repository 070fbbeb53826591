using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>An agent whose behaviour each test scripts; it counts calls and how many run at once.</summary>
public sealed class FakeAgentAdapter : AgentAdapter
{
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    public override AgentKind Kind => AgentKind.Http;

    /// <summary>Called with the request and the 1-based call number (across all tasks).</summary>
    public Func<AgentRequest, int, CancellationToken, Task<AgentAnswer>> Behavior { get; set; } =
        (_, _, _) => Task.FromResult(Answers.Valid(0.95));

    public int Calls => Volatile.Read(ref _calls);
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    public int InFlight => Volatile.Read(ref _inFlight);
    public ConcurrentQueue<AgentRequest> Requests { get; } = new();

    public override async Task<AgentAnswer> RunAsync(AgentRequest request, CancellationToken ct)
    {
        var call = Interlocked.Increment(ref _calls);
        Requests.Enqueue(request);
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = Volatile.Read(ref _maxInFlight); now > seen; seen = Volatile.Read(ref _maxInFlight))
            if (Interlocked.CompareExchange(ref _maxInFlight, now, seen) == seen) break;
        try { return await Behavior(request, call, ct); }
        finally { Interlocked.Decrement(ref _inFlight); }
    }
}

public static class Answers
{
    public static AgentAnswer Valid(double confidence, int amount = 42, int tokens = 500, decimal? cost = null) =>
        new(new JsonObject { ["approved"] = true, ["amount"] = amount, ["note"] = "looks right" }, confidence, tokens, cost);
}

/// <summary>Records the task ids handed to agents; optionally runs them at once, like the Hangfire job would.</summary>
public sealed class RecordingDispatcher : IAgentDispatcher
{
    public ConcurrentQueue<Guid> Dispatched { get; } = new();
    public Func<Guid, Task>? RunInline { get; set; }
    public ConcurrentBag<Task> Runs { get; } = [];

    public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default)
    {
        foreach (var id in taskIds)
        {
            Dispatched.Enqueue(id);
            if (RunInline is { } run) Runs.Add(Task.Run(() => run(id), CancellationToken.None));
        }
        return Task.CompletedTask;
    }
}

public sealed class NoLive : ILiveNotifier
{
    public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default) => Task.CompletedTask;
}

/// <summary>
/// The work engine wired like the app (AddOrchestratorStore + AddOrchestratorWork) on a temporary SQLite file, with a
/// fake agent adapter in place of the real ones, and one published one-step workflow whose step is Agent mode.
/// </summary>
public sealed class AgentTestHost : IAsyncDisposable
{
    public const string WorkflowKey = "agent-check";
    public const string StepKey = "check";
    public const string AgentKey = "fake-agent";
    public const decimal CostPerCall = 0.01m;
    public const decimal CostPer1k = 0.02m;

    private AgentTestHost(ServiceProvider services, string folder, FakeAgentAdapter adapter, RecordingDispatcher dispatcher, string? ownedDatabase)
    {
        Services = services; Folder = folder; Adapter = adapter; Dispatcher = dispatcher; _ownedDatabase = ownedDatabase;
    }

    private readonly string? _ownedDatabase;
    private readonly List<Microsoft.Extensions.Hosting.IHostedService> _started = [];

    public ServiceProvider Services { get; }
    public string Folder { get; }
    public FakeAgentAdapter Adapter { get; }
    public RecordingDispatcher Dispatcher { get; }
    public RunAgentTask Run => Services.GetRequiredService<RunAgentTask>();

    /// <param name="postgres">A fresh PostgreSQL database instead of a SQLite file; the host drops it when disposed.</param>
    public static async Task<AgentTestHost> StartAsync(int maxConcurrency = 4, double threshold = 0.8, TimeProvider? clock = null,
        AgentKind kind = AgentKind.Http, TimeSpan? agentLease = null, string? postgres = null)
    {
        var host = Build(postgres, clock, agentLease, ownsDatabase: true);
        await host.SeedAsync(maxConcurrency, threshold, kind);
        return host;
    }

    /// <summary>A second instance on <paramref name="first"/>'s PostgreSQL database: its own container, pools and agent.</summary>
    public static AgentTestHost Join(AgentTestHost first) =>
        Build(first.Services.GetRequiredService<DataStoreOptions>().ConnectionString, null, null, ownsDatabase: false);

    /// <summary>What the app's host starts for a cluster: the signals' listener and the drain that answers them.</summary>
    public async Task StartClusterAsync()
    {
        var signals = Services.GetRequiredService<Orchestrator.Infrastructure.Cluster.PostgresClusterSignals>();
        var starter = ActivatorUtilities.CreateInstance<Orchestrator.Infrastructure.Jobs.ClusterDrainStarter>(Services);
        foreach (var service in new Microsoft.Extensions.Hosting.IHostedService[] { signals, starter })
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    private static AgentTestHost Build(string? postgres, TimeProvider? clock, TimeSpan? agentLease, bool ownsDatabase)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orch-agents-" + Guid.NewGuid().ToString("N")[..12]);
        var adapter = new FakeAgentAdapter();
        var dispatcher = new RecordingDispatcher();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestratorStore(postgres is null
            ? new DataStoreOptions { DataFolder = folder }
            : new DataStoreOptions { DataFolder = folder, Provider = "Postgres", ConnectionString = postgres }, folder);
        services.AddOrchestratorWork(new WorkOptions { AgentLease = agentLease ?? TimeSpan.FromMinutes(5) }, new DemoOptions { Enabled = false });
        services.AddSingleton<ILiveNotifier, NoLive>();
        services.AddSingleton<IAgentDispatcher>(dispatcher);
        services.RemoveAll<AgentAdapter>();
        services.AddSingleton<AgentAdapter>(adapter);
        if (clock is not null) services.AddSingleton(clock);
        return new AgentTestHost(services.BuildServiceProvider(), folder, adapter, dispatcher, ownsDatabase ? postgres : null);
    }

    private async Task SeedAsync(int maxConcurrency, double threshold, AgentKind kind)
    {
        await using var db = await DbAsync();
        await db.Database.MigrateAsync();
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var workflow = Workflow.Create(WorkflowKey, "Agent check", "One agent step.", now);
        StepDefinition step = new()
        {
            Key = StepKey, Name = "Check the claim",
            Outputs = [new() { Key = "approved", Type = FieldType.YesNo }, new() { Key = "amount", Type = FieldType.Number },
                       new() { Key = "note", Type = FieldType.Text, Required = false }],
            Staffing = new() { Mode = StaffingMode.Agent, ConfidenceThreshold = threshold, AllowedAgents = [AgentKey], Oversight = Oversight.None },
        };
        var version = WorkflowVersion.Draft(workflow, 1, [step], 10m, "test", now);
        version.Publish("test", now);
        db.Workflows.Add(workflow);
        db.WorkflowVersions.Add(version);
        db.AgentProfiles.Add(AgentProfile.Create(AgentKey, "Fake agent", kind, "fake", "1.0", CostPerCall, CostPer1k, maxConcurrency, now,
            endpoint: "http://agent.invalid/run"));
        await db.SaveChangesAsync();
    }

    public Task<OrchestratorDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();

    /// <summary>Opens a case; returns its first (agent) task's id.</summary>
    public async Task<Guid> OpenCaseAsync(int n = 1)
    {
        var result = await Services.GetRequiredService<OpenCase>().HandleAsync(
            new OpenCaseRequest(WorkflowKey, $"case-{n}-{Guid.NewGuid():N}", 0, new JsonObject { ["n"] = n }), Actor.System);
        Assert.True(result.Succeeded, result.Message);
        await using var db = await DbAsync();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.CaseId == result.Value!.Case.Id);
        Assert.Equal(TaskRoute.Agent, task.Route);
        Assert.Equal(WorkTaskStatus.Queued, task.Status);
        return task.Id;
    }

    public async Task<WorkTask> TaskAsync(Guid id)
    {
        await using var db = await DbAsync();
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id);
    }

    public async Task<Case> CaseOfAsync(Guid taskId)
    {
        await using var db = await DbAsync();
        var caseId = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.CaseId).SingleAsync();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _started) await service.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownedDatabase is not null) await Work.TestPostgres.DropDatabaseAsync(_ownedDatabase);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
