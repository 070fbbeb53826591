using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Audit;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Audit;

public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Subject = null, DateTime? From = null, DateTime? To = null, int Page = 0, int PageSize = 50);

public sealed record AuditResult(IReadOnlyList<AuditEvent> Items, int Total);

public sealed class AuditQueries(IDbContextFactory<OrchestratorDbContext> contexts)
{
    public async Task<AuditResult> SearchAsync(AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Id).Skip(filter.Page * filter.PageSize).Take(filter.PageSize).ToListAsync(ct);
        return new AuditResult(items, total);
    }

    /// <summary>Every matching event, newest first, streamed (for CSV export).</summary>
    public async IAsyncEnumerable<AuditEvent> StreamAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await foreach (var e in Filtered(db, filter).OrderByDescending(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
            yield return e;
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AuditEvents.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    private static IQueryable<AuditEvent> Filtered(OrchestratorDbContext db, AuditFilter f)
    {
        var q = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Actor)) q = q.Where(e => e.Actor.Contains(f.Actor));
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(e => e.Action == f.Action);
        if (!string.IsNullOrWhiteSpace(f.Subject)) q = q.Where(e => e.SubjectId.Contains(f.Subject) || e.SubjectType == f.Subject);
        if (f.From is { } from) q = q.Where(e => e.At >= from);
        if (f.To is { } to) q = q.Where(e => e.At < to);
        return q;
    }
}
