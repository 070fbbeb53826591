using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orchestrator.Infrastructure.Agents;

namespace Orchestrator.Integration.Tests.Agents;

/// <summary>
/// The whole app in memory on its own temporary data folder, with the demo seeded (workflows, agent profiles and the
/// documented API keys) but no demo cases. No Hangfire server runs, and agent dispatch is a no-op: the document-check
/// tasks belong to an external pull worker, which no job ever runs, and Hangfire's storage is process-global
/// (JobStorage.Current), so two factories alive at once in one test process could otherwise enqueue into each other's files.
/// </summary>
public sealed class OrchestratorAppFactory(TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public const string CasesKey = "ork_demo_local_only_key";
    public const string WorkerKey = "ork_demo_external_worker_key";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "orch-api-" + Guid.NewGuid().ToString("N")[..12]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Store:DataFolder", Folder);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:InitialCases", "0");
        builder.UseSetting("Demo:CasesPerMinute", "0");
        builder.UseSetting("Demo:CrewSize", "0");
        builder.UseSetting("Demo:Backfill:Enabled", "false");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("RateLimits:Api:PermitLimit", "0"); // 20 workers on one key call faster than a real fleet
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IAgentDispatcher>();
            services.AddSingleton<IAgentDispatcher, NoDispatch>();
            if (clock is not null) services.AddSingleton(clock);
        });
    }

    public HttpClient Client(string? apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed class NoDispatch : IAgentDispatcher
    {
        public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default) => Task.CompletedTask;
    }
}
