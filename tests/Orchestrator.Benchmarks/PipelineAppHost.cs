using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Web.Hubs;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The real app (global Program) on Kestrel on a free loopback port, in this process, on a temp data folder, with the
/// demo seeded (users, API keys, document-check) but no crew, no living-demo cases and no initial cases.
/// </summary>
public sealed class PipelineAppHost : IAsyncDisposable
{
    private readonly AppFactory _factory;
    public string DataFolder { get; }
    public Uri BaseAddress { get; }

    private PipelineAppHost(AppFactory factory, string folder, Uri baseAddress) { _factory = factory; DataFolder = folder; BaseAddress = baseAddress; }

    /// <summary>The app's services (its DbContext factory, queries, work commands).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <param name="environment">Settings that replace the defaults below (as environment variables, e.g. "Demo__Backfill__Enabled").</param>
    public static PipelineAppHost Start(IReadOnlyDictionary<string, string>? environment = null, CommandProfiler? profiler = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ob-app-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        // Read by WebApplication.CreateBuilder before the app's own setup runs.
        Environment.SetEnvironmentVariable("Store__DataFolder", folder);
        Environment.SetEnvironmentVariable("Demo__CrewSize", "0");
        Environment.SetEnvironmentVariable("Demo__CasesPerMinute", "0");
        Environment.SetEnvironmentVariable("Demo__InitialCases", "0");
        Environment.SetEnvironmentVariable("Demo__Backfill__Enabled", "false");
        Environment.SetEnvironmentVariable("RateLimits__Api__PermitLimit", "0"); // benchmarks measure throughput, not the limit
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) Environment.SetEnvironmentVariable(key, value);
        var port = FreePort();
        var factory = new AppFactory(profiler);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return new PipelineAppHost(factory, folder, new Uri($"http://127.0.0.1:{port}"));
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        for (var attempt = 0; attempt < 5 && Directory.Exists(DataFolder); attempt++)
        {
            try { Directory.Delete(DataFolder, recursive: true); }
            catch (IOException) { await Task.Delay(200); }
            catch (UnauthorizedAccessException) { await Task.Delay(200); }
        }
    }

    private sealed class AppFactory(CommandProfiler? profiler) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseEnvironment("Production").UseContentRoot(WebProjectFolder())
                .ConfigureTestServices(s =>
                {
                    // the app's notifier, timed: PublishAsync runs right after the commit (WorkStore.AfterCommitAsync)
                    s.AddSingleton<HubLiveNotifier>();
                    s.AddSingleton<ILiveNotifier>(sp => new TimedNotifier(sp.GetRequiredService<HubLiveNotifier>()));
                    if (profiler is not null) s.ConfigureDbContext<Orchestrator.Infrastructure.Persistence.OrchestratorDbContext>(o => o.AddInterceptors(profiler));
                });

        private static string WebProjectFolder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "Orchestrator.Web");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("src/Orchestrator.Web not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>Stamps the moment the app publishes after a commit, then publishes as the app does.</summary>
public sealed class TimedNotifier(ILiveNotifier inner) : ILiveNotifier
{
    private static long _last;
    public static long LastPublish => Interlocked.Read(ref _last);

    public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default)
    {
        Interlocked.Exchange(ref _last, Stopwatch.GetTimestamp());
        return inner.PublishAsync(events, ct);
    }
}
