using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.ConsoleOps;

/// <summary>
/// The work engine wired like the app (store, work services) without the web host, on a fresh SQLite file in a temp
/// folder. Agent runs are never started and live events go nowhere, so tasks stay where routing put them.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    public const string HumanWorkflow = "console-human";
    public const string HybridWorkflow = "console-hybrid";
    public const string Step = "triage";
    public const string Agent = "console-bot";
    public const string Skill = "claims";

    public static readonly Actor Orchestrator = Actor.User("orchestrator-id", "Dana Singh");

    private readonly ServiceProvider _services;

    public string DataFolder { get; }

    private ConsoleHost(ServiceProvider services, string dataFolder)
    {
        _services = services;
        DataFolder = dataFolder;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<ConsoleHost> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orchestrator-console-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestratorStore(new DataStoreOptions { DataFolder = folder }, folder);
        services.AddOrchestratorWork(new WorkOptions(), new DemoOptions { Enabled = false });
        services.AddSingleton<IAgentDispatcher, NoAgentRuns>();
        services.AddSingleton<ILiveNotifier, NoLiveEvents>();
        var host = new ConsoleHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false }), folder);
        await using (var db = await host.Get<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        await host.SeedAsync();
        return host;
    }

    public static StepDefinition OneStep(StaffingPolicy staffing) => new()
    {
        Key = Step, Name = "Triage", Kind = WorkKind.Connective, SlaMinutes = 60, Skills = [Skill],
        Outputs = [new FieldDefinition { Key = "answer", Label = "Answer", Type = FieldType.Text }],
        Staffing = staffing,
    };

    public static StaffingPolicy Hybrid(int share, params string[] agents) => new()
    {
        Mode = StaffingMode.Hybrid, AgentShare = share, ConfidenceThreshold = 0.5, AllowedAgents = agents.Length == 0 ? [Agent] : agents,
        KeepHumansReason = KeepHumansReason.Apprenticeship, KeepHumansNote = "People keep a share to stay sharp.",
    };

    private async Task SeedAsync()
    {
        var now = DateTime.UtcNow;
        await using var db = await Get<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        db.AgentProfiles.Add(AgentProfile.Create(Agent, "Console bot", AgentKind.Simulated, "simulated", "1.0", 0.001m, 0m, 4, now, maxBacklog: 100_000));
        AddWorkflow(db, HumanWorkflow, StaffingPolicy.AllHuman(KeepHumansReason.HighStakes, "People decide."), now);
        AddWorkflow(db, HybridWorkflow, Hybrid(50), now);
        await db.SaveChangesAsync();
        Get<WorkflowCatalog>().Invalidate();
    }

    private static void AddWorkflow(OrchestratorDbContext db, string key, StaffingPolicy staffing, DateTime now)
    {
        var workflow = Workflow.Create(key, key, "Console tests", now);
        var version = WorkflowVersion.Draft(workflow, 1, [OneStep(staffing)], 10m, "test", now);
        version.Publish("test", now);
        db.Workflows.Add(workflow);
        db.WorkflowVersions.Add(version);
    }

    public async Task<Worker> AddWorkerAsync(string userId, string name, int capacity)
    {
        var worker = Worker.Create(userId, name, [Skill], capacity, 30m);
        await using var db = await Get<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        db.Workers.Add(worker);
        await db.SaveChangesAsync();
        return worker;
    }

    /// <summary>Opens a case; returns its first task as routed.</summary>
    public async Task<WorkTask> OpenAsync(string workflow)
    {
        var opened = await Get<OpenCase>().HandleAsync(new OpenCaseRequest(workflow, null, 0, new JsonObject { ["note"] = "console test" }), Actor.System);
        Assert.True(opened.Succeeded, $"OpenCase failed: {opened.Outcome} {opened.Message}");
        var caseId = opened.Value!.Case.Id;
        return await WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.CaseId == caseId));
    }

    public async Task<WorkTask> TaskAsync(Guid id) => await WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id));

    public async Task<T> WithDbAsync<T>(Func<OrchestratorDbContext, Task<T>> read)
    {
        await using var db = await Get<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class NoAgentRuns : IAgentDispatcher
    {
        public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default) => Task.CompletedTask;
    }

    private sealed class NoLiveEvents : ILiveNotifier
    {
        public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default) => Task.CompletedTask;
    }
}
