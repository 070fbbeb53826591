using System.Text;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Web.Auth;
using Orchestrator.Web.Features.Audit;

namespace Orchestrator.Web.Features.Dashboards;

public static class DashboardExport
{
    /// <summary>GET /dashboards/export/{table}.csv?workflow=&amp;from=&amp;to= — any dashboard table as CSV, for the same period.</summary>
    public static IEndpointRouteBuilder MapDashboardExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboards/export/{table}.csv", async (HttpContext http, OutcomeQueries outcomes, TimeProvider clock, string table, string workflow,
            DateOnly from, DateOnly to, CancellationToken ct) =>
        {
            if (!DashboardTables.All.Contains(table) || to < from || to.DayNumber - from.DayNumber > DashboardPeriod.MaxDays)
                return Results.Problem(statusCode: 400, title: "Choose a dashboard table and a range of at most a year.");
            var dashboard = await outcomes.DashboardAsync(workflow, from, to, ct: ct);
            var advice = table == DashboardTables.Advisor
                ? await outcomes.AdvisorAsync(workflow, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct) : [];
            var (header, rows) = DashboardTables.For(table, dashboard, advice);
            var csv = new StringBuilder().AppendLine(string.Join(',', header));
            foreach (var row in rows) csv.AppendLine(string.Join(',', row.Select(AuditExport.Csv)));
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{workflow}-{table}-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
        }).RequireAuthorization(Policies.Dashboards).ExcludeFromDescription();
        return app;
    }
}
