using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Work;

public enum StoreKind { Sqlite, Postgres }

/// <summary>
/// The work engine without the web host, as the app registers it (store + work), over a real SQLite file in a fresh
/// temp folder or a fresh PostgreSQL database: every operation opens its own DbContext. One published workflow with one
/// human step. Time is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class WorkEngine : IAsyncDisposable
{
    public const string WorkflowKey = "manual-review";
    public static readonly JsonObject DoneOutput = new() { ["done"] = true };

    static WorkEngine()
    {
        // SQLite calls block their thread while the busy handler waits; give the pool enough threads for the crowds below.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 256), Math.Max(io, 256));
    }

    private WorkEngine(string folder, string? postgres, ServiceProvider services, FakeTimeProvider clock)
    {
        Folder = folder;
        _postgres = postgres;
        Services = services;
        Clock = clock;
    }

    private readonly string? _postgres;

    public string Folder { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public WorkflowVersion Version { get; private set; } = null!;
    public StepDefinition Step => Version.FirstStep;
    public WorkOptions Options => Services.GetRequiredService<WorkOptions>();

    public ClaimTask Claim => Services.GetRequiredService<ClaimTask>();
    public CompleteTask Complete => Services.GetRequiredService<CompleteTask>();
    public SweepLeases Sweep => Services.GetRequiredService<SweepLeases>();
    public OpenCase Open => Services.GetRequiredService<OpenCase>();

    public static async Task<WorkEngine> StartAsync(StoreKind store = StoreKind.Sqlite)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orchestrator-work-" + Guid.NewGuid().ToString("N")[..12]);
        var postgres = store == StoreKind.Postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestratorStore(postgres is null
            ? new DataStoreOptions { DataFolder = folder }
            : new DataStoreOptions { DataFolder = folder, Provider = "Postgres", ConnectionString = postgres }, folder);
        services.AddOrchestratorWork(new WorkOptions(), new DemoOptions { Enabled = false });
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IAgentDispatcher, NoAgents>();
        services.AddSingleton<ILiveNotifier, NoLiveUpdates>();
        var engine = new WorkEngine(folder, postgres, services.BuildServiceProvider(), clock);
        await engine.QueryAsync(db => db.Database.MigrateAsync());
        await engine.PublishWorkflowAsync();
        return engine;
    }

    private async Task PublishWorkflowAsync()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var workflow = Workflow.Create(WorkflowKey, "Manual review", "One human step.", now);
        var step = new StepDefinition
        {
            Key = "review", Name = "Review the file", Kind = WorkKind.Judgment, SlaMinutes = 60,
            Outputs = [new FieldDefinition { Key = "done", Type = FieldType.YesNo }],
            Staffing = StaffingPolicy.AllHuman(KeepHumansReason.Other, "Integration tests"),
        };
        Version = WorkflowVersion.Draft(workflow, 1, [step], 10m, "tests", now);
        Version.Publish("tests", now);
        await QueryAsync(db =>
        {
            db.Workflows.Add(workflow);
            db.WorkflowVersions.Add(Version);
            return db.SaveChangesAsync();
        });
    }

    /// <summary>Workers "w000", "w001", … with the given capacity and no skills (the step needs none).</summary>
    public async Task<IReadOnlyList<string>> AddWorkersAsync(int count, int capacity, string prefix = "w")
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}{i:D3}").ToList();
        await QueryAsync(db =>
        {
            db.Workers.AddRange(ids.Select(id => Worker.Create(id, "Worker " + id, [], capacity, 30m)));
            return db.SaveChangesAsync();
        });
        return ids;
    }

    /// <summary>Queues <paramref name="count"/> cases, each with its one human task, in one transaction.</summary>
    public async Task<IReadOnlyList<Guid>> AddTasksAsync(int count)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var ids = new List<Guid>(count);
        await QueryAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var @case = Case.Open(Version, WorkflowKey, null, i % 3 * 10, new JsonObject { ["n"] = i }, now, "tests");
                var task = WorkTask.Create(@case.Id, WorkflowKey, Version.Id, Step, @case.Priority, @case.Payload, RouteDecision.Human("tests"), now);
                db.Cases.Add(@case);
                db.Tasks.Add(task);
                ids.Add(task.Id);
            }
            return await db.SaveChangesAsync();
        });
        return ids;
    }

    public async Task<T> QueryAsync<T>(Func<OrchestratorDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async Task QueryAsync(Func<OrchestratorDbContext, Task> query) => await QueryAsync(async db => { await query(db); return 0; });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgres is not null) await TestPostgres.DropDatabaseAsync(_postgres);
        using (var connection = new SqliteConnection(new DataStoreOptions { DataFolder = Folder }.SqliteConnectionString(Folder)))
            SqliteConnection.ClearPool(connection);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private sealed class NoAgents : IAgentDispatcher
    {
        public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default) => Task.CompletedTask;
    }

    private sealed class NoLiveUpdates : ILiveNotifier
    {
        public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default) => Task.CompletedTask;
    }
}
