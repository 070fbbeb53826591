using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Workflows;

namespace Orchestrator.Infrastructure.Work;

public static class WorkSetup
{
    /// <summary>The work engine: case intake, claims, completion, routing, agents and the demo.</summary>
    public static IServiceCollection AddOrchestratorWork(this IServiceCollection services, WorkOptions work, DemoOptions demo)
    {
        services.AddSingleton(work);
        services.AddSingleton(demo);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<LiveBus>();
        services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<LiveBus>());
        services.AddSingleton<WorkStore>();
        services.AddSingleton<OpenCase>();
        services.AddSingleton<ClaimTask>();
        services.AddSingleton<CompleteTask>();
        services.AddSingleton<ReleaseTask>();
        services.AddSingleton<EscalateTask>();
        services.AddSingleton<ExtendClaim>();
        services.AddSingleton<CancelTask>();
        services.AddSingleton<SweepLeases>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<AddComment>();
        services.AddSingleton<SetAvailability>();
        services.AddSingleton<ChangeStaffing>();
        services.AddSingleton<ReassignTasks>();
        services.AddSingleton<Alerts.AlertService>();
        services.AddSingleton<Board.BoardQueries>();
        services.AddSingleton<Board.BoardTasks>();
        services.AddSingleton<RunAgentTask>();
        services.AddSingleton<AgentWorkSignal>();
        services.AddSingleton<DrainAgentQueue>();
        services.AddSingleton<DrainPeers>();
        services.AddSingleton<ControlAgent>();
        services.AddSingleton<SaveAgentProfile>();
        services.AddSingleton<FinishAgentRun>();
        services.AddSingleton<ExternalTasks>();
        services.AddSingleton<Audit.AuditQueries>();
        services.AddSingleton<Security.ApiKeys>();
        services.AddSingleton<Outcomes.OutcomeQueries>();
        services.TryAddSingleton(new Quality.QualityOptions());
        services.AddSingleton<Quality.SampleCompletedTasks>();
        services.AddSingleton<Quality.EvaluateQuality>();
        services.AddSingleton<Quality.ResolveQualityBreach>();
        services.AddSingleton<Quality.QualityQueries>();
        services.AddSingleton<Quality.Golden.GoldenSets>();
        services.AddSingleton<Quality.Golden.GoldenQueries>();
        services.AddSingleton<Quality.Golden.StartGoldenRun>();
        services.AddSingleton<Quality.Golden.ExecuteGoldenRun>();
        services.AddSingleton<Quality.Shadow.ShadowTrials>();
        services.AddSingleton<Quality.Shadow.ShadowQueries>();
        services.AddSingleton<Quality.Shadow.RunShadowEvaluations>();
        services.AddSingleton<AgentAdapter, SimulatedAgent>();
        services.AddSingleton<AgentAdapter, HttpAgent>();
        services.AddSingleton<AgentAdapter, ChatModelAgent>();
        services.AddHttpClient(HttpAgent.ClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddWorkflowStudio();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<DemoHistoryStatus>();
        services.AddSingleton<DemoHistory>();
        return services;
    }
}
