using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Jobs;
using Orchestrator.Infrastructure.Persistence;
using StackExchange.Redis;

namespace Orchestrator.Web.Api;

public static class HealthApi
{
    /// <summary>A job server whose last heartbeat is older than this is counted as gone.</summary>
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(1);

    public sealed record Check(string Status, string? Detail = null, double? Ms = null);

    /// <summary>
    /// GET /healthz: each dependency (database, job servers, Redis when configured) with its state. 503 when the database
    /// does not answer (the instance cannot serve); "degraded" with 200 when only jobs or Redis are missing.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IDbContextFactory<OrchestratorDbContext> contexts, JobStorage jobs, JobOptions jobOptions, TimeProvider clock,
            IServiceProvider services, CancellationToken ct) =>
        {
            var database = await CheckDatabaseAsync(contexts, ct);
            var checks = new Dictionary<string, Check> { ["database"] = database, ["jobs"] = CheckJobs(jobs, jobOptions, clock) };
            if (services.GetService<IConnectionMultiplexer>() is { } redis) checks["redis"] = await CheckRedisAsync(redis);
            // Without the database nothing works; without jobs or Redis pages still serve, only less live.
            var status = database.Status != "ok" ? "unhealthy" : checks.Values.Any(c => c.Status != "ok") ? "degraded" : "healthy";
            var body = new { status, checks };
            return Results.Json(body, statusCode: status == "unhealthy" ? 503 : 200);
        }).AllowAnonymous().WithTags("Health").ExcludeFromDescription();
        return app;
    }

    private static async Task<Check> CheckDatabaseAsync(IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var ok = await db.Database.CanConnectAsync(ct) && await db.Settings.CountAsync(ct) >= 0;
            var ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
            return ok ? new("ok", db.Database.ProviderName, ms) : new("unreachable", db.Database.ProviderName, ms);
        }
        catch (Exception ex)
        {
            return new("unreachable", ex.GetType().Name);
        }
    }

    private static async Task<Check> CheckRedisAsync(IConnectionMultiplexer redis)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return new("ok", null, Math.Round(latency.TotalMilliseconds, 1));
        }
        catch (Exception ex)
        {
            return new("unreachable", ex.GetType().Name);
        }
    }

    private static Check CheckJobs(JobStorage storage, JobOptions options, TimeProvider clock)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var alive = storage.GetMonitoringApi().Servers().Count(s => s.Heartbeat is { } beat && now - beat < HeartbeatTimeout);
            if (alive > 0) return new("ok", $"{alive} job server(s) alive");
            return options.RunServer ? new("no-servers", "No job server has sent a heartbeat in the last minute.")
                                     : new("ok", "This instance runs no job server; none alive elsewhere.");
        }
        catch (Exception ex)
        {
            return new("unreachable", ex.GetType().Name);
        }
    }
}
