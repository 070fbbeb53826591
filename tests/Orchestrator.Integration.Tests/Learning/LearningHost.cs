using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Routing;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Learning;

/// <summary>
/// The work engine and the learning services as the app registers them, over a real SQLite file and a models folder in a
/// fresh temp folder, with the demo's auto-claims workflow published and a learning profile for its intake step.
/// </summary>
public sealed class LearningHost : IAsyncDisposable
{
    public const string Agent = "learn-test";
    private readonly List<ServiceProvider> _providers = [];

    private LearningHost(string folder, FakeTimeProvider clock)
    {
        Folder = folder;
        Clock = clock;
        Services = Build();
    }

    public string Folder { get; }
    public FakeTimeProvider Clock { get; }
    /// <summary>The current process; <see cref="Restart"/> makes a new one over the same files.</summary>
    public ServiceProvider Services { get; private set; }
    public WorkflowVersion Version { get; private set; } = null!;
    public StepDefinition Intake => Version.Steps.Single(s => s.Key == "intake");
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Jobs the code under test enqueued (retraining runs), for the test to run.</summary>
    public List<Hangfire.Common.Job> Jobs { get; } = [];

    public static async Task<LearningHost> StartAsync(string settingsJson = """{"minPerClass":3,"autoPromote":true,"promotionMargin":0.02}""",
        BreachAction? onBreach = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orchestrator-learn-" + Guid.NewGuid().ToString("N")[..12]);
        var host = new LearningHost(folder, new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero)));
        await host.QueryAsync(db => db.Database.MigrateAsync());
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var workflow = Workflow.Create(AutoClaimsWorkflow.Key, AutoClaimsWorkflow.Name, "Tests", now);
        var steps = AutoClaimsWorkflow.Steps().Select(st => st.Key == "intake" && onBreach is { } action ? st with { Quality = st.Quality with { OnBreach = action } } : st).ToList();
        host.Version = WorkflowVersion.Draft(workflow, 1, steps, 85m, "tests", now);
        host.Version.Publish("tests", now);
        await host.QueryAsync(db =>
        {
            db.Workflows.Add(workflow);
            db.WorkflowVersions.Add(host.Version);
            db.AgentProfiles.Add(AgentProfile.Create(Agent, "Learner", AgentKind.Learning, "ml.net", "", 0m, 0m, 4, now,
                settingsJson: settingsJson.Replace("{", """{"steps":["auto-claims/intake"],""", StringComparison.Ordinal)));
            return db.SaveChangesAsync();
        });
        return host;
    }

    /// <summary>Intake decisions made by a person: one case and one completed human task each.</summary>
    public async Task AddHumanDecisionsAsync(IEnumerable<LabelledExample> examples)
    {
        await QueryAsync(db =>
        {
            foreach (var e in examples)
            {
                var now = Clock.GetUtcNow().UtcDateTime;
                var @case = Case.Open(Version, AutoClaimsWorkflow.Key, null, 0, e.Input, now, "tests");
                var task = WorkTask.Create(@case.Id, AutoClaimsWorkflow.Key, Version.Id, Intake, 0, e.Input, RouteDecision.Human("tests"), now);
                task.Claim("person", "Person", now, TimeSpan.FromMinutes(15));
                task.CompleteByHuman("person", e.Output, Intake.Outputs, 30m, now.AddMinutes(2));
                db.Cases.Add(@case);
                db.Tasks.Add(task);
                Clock.Advance(TimeSpan.FromMinutes(3));
            }
            return db.SaveChangesAsync();
        });
    }

    /// <summary>Intake outputs of the learning agent that reviewers failed: one case, a completed agent task and a verdict each.</summary>
    public async Task AddFailedReviewsAsync(IEnumerable<LabelledExample> examples, string agentVersion)
    {
        await QueryAsync(db =>
        {
            foreach (var e in examples)
            {
                var now = Clock.GetUtcNow().UtcDateTime;
                var @case = Case.Open(Version, AutoClaimsWorkflow.Key, null, 0, e.Input, now, "tests");
                var task = WorkTask.Create(@case.Id, AutoClaimsWorkflow.Key, Version.Id, Intake, 0, e.Input, new RouteDecision(TaskRoute.Agent, "tests", Agent), now);
                task.StartAgent(Agent, now, TimeSpan.FromMinutes(5));
                task.CompleteByAgent(Agent, task.Attempt, e.Output, Intake.Outputs, 0.9, 0m, 0, now);
                var review = WorkTask.CreateReview(task, "review", 60, "tests", now);
                var verdict = Domain.Quality.QualityReview.Create(task, review, agentVersion, Domain.Quality.ReviewSource.Sampled, now);
                verdict.Record(new Domain.Quality.Verdict(false, new Dictionary<string, bool>(), null, "wrong"), "reviewer", "Reviewer", now.AddMinutes(1));
                db.AddRange(@case, task, review, verdict);
                Clock.Advance(TimeSpan.FromMinutes(3));
            }
            return db.SaveChangesAsync();
        });
    }

    /// <summary>The learning agent's answer for an intake task with this input.</summary>
    public async Task<AgentAnswer> AskAsync(System.Text.Json.Nodes.JsonObject input)
    {
        var taskId = await QueryAsync(db => db.Tasks.Where(t => t.StepKey == "intake").Select(t => t.Id).FirstAsync());
        return await Services.GetServices<AgentAdapter>().Single(a => a.Kind == AgentKind.Learning)
            .RunAsync(new AgentRequest(taskId, 1, Intake, input, AgentProfile.Create(Agent, "Learner", AgentKind.Learning, "", "", 0m, 0m, 1, DateTime.UtcNow), null), CancellationToken.None);
    }

    /// <summary>A new process over the same database and model files: nothing loaded in memory survives.</summary>
    public void Restart() => Services = Build();

    public async Task QueryAsync(Func<OrchestratorDbContext, Task> query)
    {
        await using var db = await Get<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        await query(db);
    }

    public async Task<T> QueryAsync<T>(Func<OrchestratorDbContext, Task<T>> query)
    {
        await using var db = await Get<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddOrchestratorStore(new DataStoreOptions { DataFolder = Folder }, Folder);
        services.AddOrchestratorWork(new WorkOptions(), new DemoOptions { Enabled = false });
        services.AddOrchestratorLearning(new LearningOptions(), Folder);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IAgentDispatcher, NoAgents>();
        services.AddSingleton<ILiveNotifier, NoLiveUpdates>();
        services.AddSingleton<Hangfire.IBackgroundJobClient>(new RecordedJobs(Jobs));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        SqliteConnection.ClearAllPools();
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

    private sealed class RecordedJobs(List<Hangfire.Common.Job> jobs) : Hangfire.IBackgroundJobClient
    {
        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            lock (jobs) jobs.Add(job);
            return jobs.Count.ToString();
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => false;
    }
}
