using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Jobs;

/// <summary>Bound from the "Jobs" section.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";
    /// <summary>Run a Hangfire server in this process (off for tools that only enqueue).</summary>
    public bool RunServer { get; set; } = true;
    public int Workers { get; set; } = 8;
    /// <summary>
    /// How long a job fetched by an instance stays hidden from the others: a job of an instance that died runs again
    /// elsewhere after it. Longer than any job (agent calls time out well before it; a queue drain hands over after
    /// a minute); attempt numbers fence a second run.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

public static class JobSetup
{
    public static IServiceCollection AddOrchestratorJobs(this IServiceCollection services, DataStoreOptions store, JobOptions jobs, string contentRoot)
    {
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
             .UseSimpleAssemblyNameTypeSerializer()
             .UseRecommendedSerializerSettings()
             .UseFilter(new Telemetry.JobTelemetryFilter());
            var invisibility = jobs.InvisibilityTimeout;
            if (store.IsPostgres)
                c.UsePostgreSqlStorage(p => p.UseNpgsqlConnection(store.ConnectionString), new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    InvisibilityTimeout = invisibility,
                    PrepareSchemaIfNecessary = true,
                });
            else
                c.UseSQLiteStorage(Path.Combine(store.ResolvedDataFolder(contentRoot), "hangfire.db"), new SQLiteStorageOptions
                {
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    InvisibilityTimeout = invisibility,
                });
        });
        if (jobs.RunServer)
            services.AddHangfireServer(o => { o.WorkerCount = jobs.Workers; o.SchedulePollingInterval = TimeSpan.FromSeconds(1); });
        services.AddSingleton(jobs);
        services.AddSingleton<HangfireAgentDispatcher>();
        services.AddSingleton<IAgentDispatcher>(sp => sp.GetRequiredService<HangfireAgentDispatcher>());
        services.AddTransient<DrainAgentQueueJob>();
        services.AddTransient<RunAgentTaskJob>();
        services.AddTransient<DemoCasesJob>();
        services.AddSingleton<Cluster.ClusterOnce>();
        services.AddTransient<QualityJob>();
        services.AddTransient<Quality.Shadow.ShadowEvaluationJob>();
        services.AddTransient<Quality.Golden.GoldenRunJob>();
        services.AddHostedService<WorkSweeper>();
        if (jobs.RunServer && store.IsPostgres) services.AddHostedService<ClusterDrainStarter>();
        services.AddSingleton<Demo.DemoCrew>();
        services.AddHostedService(sp => sp.GetRequiredService<Demo.DemoCrew>());
        services.AddHostedService<Demo.DemoHistoryService>();
        return services;
    }

    /// <summary>The recurring jobs: quality sampling and evaluation, and the living demo's new cases when the demo is on.</summary>
    public static void ScheduleRecurringJobs(IRecurringJobManager recurring, bool demo, string qualityCron = "* * * * *")
    {
        recurring.AddOrUpdate<QualityJob>(QualityJob.Id, j => j.RunAsync(CancellationToken.None), qualityCron);
        recurring.AddOrUpdate<Quality.Shadow.ShadowEvaluationJob>(Quality.Shadow.ShadowEvaluationJob.Id, j => j.RunAsync(CancellationToken.None), qualityCron);
        if (demo) recurring.AddOrUpdate<DemoCasesJob>(DemoCasesJob.Id, j => j.RunAsync(CancellationToken.None), "* * * * *");
        else recurring.RemoveIfExists(DemoCasesJob.Id);
    }
}

