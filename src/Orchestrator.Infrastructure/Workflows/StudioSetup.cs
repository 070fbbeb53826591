using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Infrastructure.Workflows;

public static class StudioSetup
{
    /// <summary>The workflow studio: create, draft, save, publish, compare, export and import workflows.</summary>
    public static IServiceCollection AddWorkflowStudio(this IServiceCollection services)
    {
        services.AddSingleton<CreateWorkflow>();
        services.AddSingleton<StartDraft>();
        services.AddSingleton<SaveDraft>();
        services.AddSingleton<PublishVersion>();
        services.AddSingleton<ImportWorkflow>();
        services.AddSingleton<StudioQueries>();
        return services;
    }
}
