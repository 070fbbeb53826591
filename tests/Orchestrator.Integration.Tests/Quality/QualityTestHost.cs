using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Integration.Tests.Agents;

namespace Orchestrator.Integration.Tests.Quality;

/// <summary>
/// The work engine as the app wires it, on a temporary SQLite file, with one published two-step workflow whose first step
/// is a Hybrid agent step under sampled oversight with a two-criterion rubric, and a reviewer. Agent outputs are written
/// directly as completed agent tasks, so a test can have hundreds without running agents.
/// </summary>
public sealed class QualityTestHost : IAsyncDisposable
{
    public const string WorkflowKey = "quality-check";
    public const string StepKey = "triage";
    public const string Reviewer = "reviewer-1";
    public static readonly string[] Agents = ["agent-a", "agent-b"];

    private QualityTestHost(ServiceProvider services, string folder, FakeTimeProvider clock) { Services = services; Folder = folder; Clock = clock; }

    public ServiceProvider Services { get; }
    public string Folder { get; }
    public FakeTimeProvider Clock { get; }
    public WorkflowVersion Version { get; private set; } = null!;
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<QualityTestHost> StartAsync(QualityPolicy? quality = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orch-quality-" + Guid.NewGuid().ToString("N")[..12]);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestratorStore(new DataStoreOptions { DataFolder = folder }, folder);
        services.AddOrchestratorWork(new WorkOptions(), new DemoOptions { Enabled = false });
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILiveNotifier, NoLive>();
        services.AddSingleton<IAgentDispatcher, RecordingDispatcher>();
        services.AddSingleton<RecordingJobs>();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddHttpClient();
        services.AddSingleton<Hangfire.IBackgroundJobClient>(sp => sp.GetRequiredService<RecordingJobs>());
        configure?.Invoke(services);
        var host = new QualityTestHost(services.BuildServiceProvider(), folder, clock);
        await host.SeedAsync(quality ?? new QualityPolicy());
        return host;
    }

    private async Task SeedAsync(QualityPolicy quality)
    {
        await using var db = await DbAsync();
        await db.Database.MigrateAsync();
        var workflow = Workflow.Create(WorkflowKey, "Quality check", "Two steps.", Now);
        StepDefinition triage = new()
        {
            Key = StepKey, Name = "Triage", Outputs = [new() { Key = "type", Type = FieldType.Choice, Choices = ["collision", "theft"] }],
            Staffing = new() { Mode = StaffingMode.Hybrid, AgentShare = 100, AllowedAgents = Agents, Oversight = Oversight.Sampled },
            Quality = quality with { Rubric = [new("Right type", "Matches the loss."), new("Clear", "No guesswork.")] },
        };
        StepDefinition settle = new()
        {
            Key = "settle", Name = "Settle", Outputs = [new() { Key = "done", Type = FieldType.YesNo }],
            Staffing = StaffingPolicy.AllHuman(KeepHumansReason.HighStakes, "Payouts"),
        };
        Version = WorkflowVersion.Draft(workflow, 1, [triage, settle], 10m, "test", Now);
        Version.Publish("test", Now);
        db.Workflows.Add(workflow);
        db.WorkflowVersions.Add(Version);
        foreach (var agent in Agents)
            db.AgentProfiles.Add(AgentProfile.Create(agent, agent, AgentKind.Simulated, "sim", "1.0", 0.01m, 0m, 4, Now));
        db.Workers.Add(Worker.Create(Reviewer, "Rita Reviewer", ["review"], 100, 40m));
        await db.SaveChangesAsync();
    }

    public Task<OrchestratorDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();

    /// <summary>Completed agent outputs of the triage step, each in its own open case (which has moved on to Settle).</summary>
    /// <remarks>With <paramref name="truth"/>, each case carries it as the triage step's right type (simulated agents answer from it).</remarks>
    public async Task<IReadOnlyList<Guid>> AddAgentOutputsAsync(string agent, int count, double confidence = 0.9, string? truth = null)
    {
        var step = Version.FirstStep;
        var ids = new List<Guid>();
        await using var db = await DbAsync();
        for (var i = 0; i < count; i++)
        {
            var groundTruth = truth is null ? null : new JsonObject { [StepKey] = new JsonObject { ["type"] = truth } };
            var @case = Case.Open(Version, WorkflowKey, null, 0, new JsonObject { ["n"] = i }, Now, "test", groundTruth);
            var task = WorkTask.Create(@case.Id, WorkflowKey, Version.Id, step, 0, @case.Payload, new RouteDecision(TaskRoute.Agent, "test", agent), Now);
            task.StartAgent(agent, Now, TimeSpan.FromMinutes(5));
            task.CompleteByAgent(agent, 1, new JsonObject { ["type"] = "collision" }, step.Outputs, confidence, 0.01m, 100, Now);
            @case.RecordCompleted(task, Version.Step("settle"), Now);
            db.Cases.Add(@case);
            db.Tasks.Add(task);
            ids.Add(task.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }

    public async Task<List<WorkTask>> ReviewTasksAsync()
    {
        await using var db = await DbAsync();
        return await db.Tasks.AsNoTracking().Where(t => t.Kind == TaskKind.Review).ToListAsync();
    }

    public async Task<List<QualityReview>> ReviewsAsync()
    {
        await using var db = await DbAsync();
        return await db.QualityReviews.AsNoTracking().ToListAsync();
    }

    public static JsonObject Verdict(bool pass, string? corrected = null) => new()
    {
        [ReviewVerdict.CriterionKey(0)] = pass, [ReviewVerdict.CriterionKey(1)] = true, [ReviewVerdict.Pass] = pass,
        [ReviewVerdict.Corrected] = corrected,
    };

    /// <summary>The reviewer claims the review task and gives the verdict.</summary>
    public async Task<WorkResult<WorkTask>> ReviewAsync(Guid reviewTaskId, JsonObject verdict)
    {
        var claim = await Get<ClaimTask>().HandleAsync(Reviewer, reviewTaskId);
        Assert.True(claim.Succeeded, claim.Message);
        Clock.Advance(TimeSpan.FromMinutes(3));
        return await Get<CompleteTask>().HandleAsync(Reviewer, reviewTaskId, verdict);
    }

    /// <summary>Samples everything (the policy should say rate 1) and fails or passes each review in turn.</summary>
    public async Task ReviewAllAsync(Func<int, bool> pass)
    {
        var i = 0;
        foreach (var review in (await ReviewTasksAsync()).Where(t => t.Status == WorkTaskStatus.Queued).OrderBy(t => t.CreatedAt))
        {
            var result = await ReviewAsync(review.Id, Verdict(pass(i++)));
            Assert.True(result.Succeeded, result.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Records the jobs enqueued instead of running them; a test runs the job's work itself.</summary>
public sealed class RecordingJobs : Hangfire.IBackgroundJobClient
{
    public List<Hangfire.Common.Job> Enqueued { get; } = [];

    public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
    {
        lock (Enqueued) Enqueued.Add(job);
        return Enqueued.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => false;
}
