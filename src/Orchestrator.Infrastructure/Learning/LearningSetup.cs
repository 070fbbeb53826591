using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Agents;

namespace Orchestrator.Infrastructure.Learning;

public static class LearningSetup
{
    /// <summary>The learning agent, its model store, training and the retraining job.</summary>
    public static IServiceCollection AddOrchestratorLearning(this IServiceCollection services, LearningOptions options, string dataFolder)
    {
        if (string.IsNullOrWhiteSpace(options.ModelsFolder)) options.ModelsFolder = Path.Combine(dataFolder, "models");
        Directory.CreateDirectory(options.ModelsFolder);
        services.AddSingleton(options);
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ModelAlerts>();
        services.AddSingleton<ModelQueries>();
        services.AddSingleton<LearningSteps>();
        services.AddSingleton<StepLearningQuery>();
        services.AddSingleton<TrainStepModel>();
        services.AddSingleton<PromoteModelVersion>();
        services.AddSingleton<RequestRetrain>();
        services.AddTransient<RetrainModelsJob>();
        services.AddSingleton<CheckModelFiles>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckModelFiles>());
        services.AddSingleton<AgentAdapter, LearningAgent>();
        return services;
    }

    public static void ScheduleRetraining(IRecurringJobManager recurring, LearningOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RetrainCron)) recurring.RemoveIfExists(RetrainModelsJob.Id);
        else recurring.AddOrUpdate<RetrainModelsJob>(RetrainModelsJob.Id, j => j.RunAllAsync(CancellationToken.None), options.RetrainCron);
    }
}
