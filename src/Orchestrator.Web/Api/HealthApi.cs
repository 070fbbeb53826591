using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Web.Api;

public static class HealthApi
{
    /// <summary>GET /healthz: 200 when the database answers, 503 with the reason when it does not.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct) =>
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var ok = await db.Database.CanConnectAsync(ct) && await db.Settings.CountAsync(ct) >= 0;
                return ok ? Results.Ok(new { status = "healthy", database = "ok" })
                          : Results.Json(new { status = "unhealthy", database = "unreachable" }, statusCode: 503);
            }
            catch (Exception ex)
            {
                return Results.Json(new { status = "unhealthy", database = ex.GetType().Name }, statusCode: 503);
            }
        }).AllowAnonymous().WithTags("Health").ExcludeFromDescription();
        return app;
    }
}
