using Hangfire;
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
}

public static class JobSetup
{
    public static IServiceCollection AddOrchestratorJobs(this IServiceCollection services, DataStoreOptions store, JobOptions jobs, string contentRoot)
    {
        var path = Path.Combine(store.ResolvedDataFolder(contentRoot), "hangfire.db");
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseSQLiteStorage(path, new SQLiteStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // longer than any job: agent calls time out well before this
                InvisibilityTimeout = TimeSpan.FromMinutes(10),
            }));
        if (jobs.RunServer)
            services.AddHangfireServer(o => { o.WorkerCount = jobs.Workers; o.SchedulePollingInterval = TimeSpan.FromSeconds(1); });
        services.AddSingleton(jobs);
        services.AddSingleton<IAgentDispatcher, HangfireAgentDispatcher>();
        services.AddTransient<RunAgentTaskJob>();
        services.AddTransient<DemoCasesJob>();
        services.AddTransient<QualityJob>();
        services.AddHostedService<WorkSweeper>();
        services.AddSingleton<Demo.DemoCrew>();
        services.AddHostedService(sp => sp.GetRequiredService<Demo.DemoCrew>());
        return services;
    }

    /// <summary>The recurring jobs: quality sampling and evaluation, and the living demo's new cases when the demo is on.</summary>
    public static void ScheduleRecurringJobs(IRecurringJobManager recurring, bool demo, string qualityCron = "* * * * *")
    {
        recurring.AddOrUpdate<QualityJob>(QualityJob.Id, j => j.RunAsync(CancellationToken.None), qualityCron);
        if (demo) recurring.AddOrUpdate<DemoCasesJob>(DemoCasesJob.Id, j => j.RunAsync(CancellationToken.None), "* * * * *");
        else recurring.RemoveIfExists(DemoCasesJob.Id);
    }
}

