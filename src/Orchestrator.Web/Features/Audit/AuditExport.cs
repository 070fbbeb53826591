using System.Globalization;
using System.Text;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Features.Audit;

public static class AuditExport
{
    /// <summary>GET /audit/export.csv with the page's filters: every matching event, streamed.</summary>
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit/export.csv", async (HttpContext http, AuditQueries audit, string? actor, string? action, string? subject, DateTime? from, DateTime? to, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync("at,actor_kind,actor,action,subject_type,subject_id,before,after,reason");
            var filter = new AuditFilter(actor, action, subject, from?.ToUniversalTime(), to?.ToUniversalTime());
            await foreach (var e in audit.StreamAsync(filter, ct))
                await writer.WriteLineAsync(string.Join(',', Csv(e.At.ToString("O", CultureInfo.InvariantCulture)), Csv(e.ActorKind.ToString()), Csv(e.Actor),
                    Csv(e.Action), Csv(e.SubjectType), Csv(e.SubjectId), Csv(e.Before), Csv(e.After), Csv(e.Reason)));
        }).RequireAuthorization(Policies.Orchestrate).ExcludeFromDescription();
        return app;
    }

    /// <summary>Quotes a CSV cell, and defuses spreadsheet formulas (a leading =, +, - or @).</summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
