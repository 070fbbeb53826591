using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

namespace Orchestrator.Benchmarks;

/// <summary>
/// The work engine as the app registers it (AddOrchestratorStore + AddOrchestratorWork) on a SQLite file in a temp
/// folder, with one published workflow of one human step, and helpers to seed and copy the data.
/// </summary>
public sealed class BenchStore : IAsyncDisposable
{
    public const string WorkflowKey = "bench";

    private BenchStore(string folder, ServiceProvider services)
    {
        Folder = folder;
        Services = services;
    }

    public string Folder { get; }
    public ServiceProvider Services { get; }
    public WorkflowVersion Version { get; private set; } = null!;
    public string DbPath => Path.Combine(Folder, "orchestrator.db");
    public ClaimTask Claim => Services.GetRequiredService<ClaimTask>();

    /// <param name="store">Another store than the SQLite file in <paramref name="folder"/>, e.g. PostgreSQL.</param>
    /// <param name="prepare">Migrate and publish the workflow; false for a second engine (an "instance") on a store already prepared, whose one workflow it reads.</param>
    public static async Task<BenchStore> CreateAsync(string folder, CommandProfiler? profiler, DataStoreOptions? store = null, bool prepare = true, WorkOptions? work = null)
    {
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestratorStore(store ?? new DataStoreOptions { DataFolder = folder }, folder);
        services.AddOrchestratorWork(work ?? new WorkOptions(), new DemoOptions { Enabled = false });
        services.AddSingleton<IAgentDispatcher, NoAgents>();
        services.AddSingleton<ILiveNotifier, NoLiveUpdates>();
        if (profiler is not null) services.ConfigureDbContext<OrchestratorDbContext>(o => o.AddInterceptors(profiler));
        var bench = new BenchStore(folder, services.BuildServiceProvider());
        // The store's own background services (the SQLite checkpointer), as the app's host starts them.
        foreach (var hosted in bench.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()) await hosted.StartAsync(CancellationToken.None);
        if (prepare)
        {
            await bench.WithDbAsync(db => db.Database.MigrateAsync());
            await bench.PublishWorkflowAsync();
        }
        else bench.Version = await bench.WithDbAsync(db => db.WorkflowVersions.AsNoTracking().SingleAsync());
        return bench;
    }

    public async Task WithDbAsync(Func<OrchestratorDbContext, Task> action)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        await action(db);
    }

    public async Task<T> WithDbAsync<T>(Func<OrchestratorDbContext, Task<T>> read)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private async Task PublishWorkflowAsync()
    {
        var now = DateTime.UtcNow;
        var workflow = Workflow.Create(WorkflowKey, "Benchmark", "One human step.", now);
        var step = new StepDefinition
        {
            Key = "review", Name = "Review", Kind = WorkKind.Judgment, SlaMinutes = 60,
            Outputs = [new FieldDefinition { Key = "done", Type = FieldType.YesNo }],
            Staffing = StaffingPolicy.AllHuman(KeepHumansReason.Other, "benchmark"),
        };
        Version = WorkflowVersion.Draft(workflow, 1, [step], 10m, "bench", now);
        Version.Publish("bench", now);
        await WithDbAsync(db =>
        {
            db.Workflows.Add(workflow);
            db.WorkflowVersions.Add(Version);
            return db.SaveChangesAsync();
        });
    }

    /// <summary>
    /// One worker per claimer. Claims are never completed here, so each worker needs room for every task it may win:
    /// the domain caps capacity at 100, so the benchmark raises it in the table directly.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddWorkersAsync(int count, int capacity)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"bench-{i:D3}").ToList();
        await WithDbAsync(async db =>
        {
            db.Workers.AddRange(ids.Select(id => Worker.Create(id, "Bench " + id, [], 100, 30m)));
            await db.SaveChangesAsync();
            await db.Workers.ExecuteUpdateAsync(w => w.SetProperty(x => x.Capacity, capacity));
        });
        return ids;
    }

    /// <summary>Queues <paramref name="count"/> cases with one human task each; priorities 0/10/20 and distinct ages.</summary>
    public async Task AddTasksAsync(int count)
    {
        var start = DateTime.UtcNow;
        await WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var now = start.AddMilliseconds(i);
                var @case = Case.Open(Version, WorkflowKey, null, i % 3 * 10, new JsonObject { ["n"] = i, ["text"] = "claim form " + i }, now, "bench");
                db.Cases.Add(@case);
                db.Tasks.Add(WorkTask.Create(@case.Id, WorkflowKey, Version.Id, Version.FirstStep, @case.Priority, @case.Payload, RouteDecision.Human("bench"), now));
            }
            await db.SaveChangesAsync();
        });
    }

    public Task ClearWorkAsync() => WithDbAsync(async db =>
    {
        await db.AuditEvents.ExecuteDeleteAsync();
        await db.Tasks.ExecuteDeleteAsync();
        await db.Cases.ExecuteDeleteAsync();
    });

    /// <summary>A page-for-page copy of the database (SQLite backup), for the raw-SQL baseline.</summary>
    public async Task CopyToAsync(string path)
    {
        // SQLite's online backup: a consistent copy with whatever is still in the write-ahead log.
        if (File.Exists(path)) File.Delete(path);
        await using var source = new SqliteConnection(ConnectionString);
        await using var target = new SqliteConnection($"Data Source={path};Pooling=False");
        await source.OpenAsync();
        await target.OpenAsync();
        source.BackupDatabase(target);
    }

    public string ConnectionString => new DataStoreOptions { DataFolder = Folder }.SqliteConnectionString(Folder);

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()) await hosted.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
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
