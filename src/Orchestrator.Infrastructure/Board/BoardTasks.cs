using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Board;

public sealed record BoardTask(Guid Id, Guid CaseId, string StepName, TaskKind Kind, WorkTaskStatus Status, TaskRoute Route, string? AssigneeName,
    string? AgentProfileKey, int Priority, DateTime CreatedAt, DateTime? SlaDueAt, bool WasEscalated, string RouteReason, int Version = 0);

public sealed record BoardTaskPage(IReadOnlyList<BoardTask> Items, int Total);

/// <summary>The open tasks of one step, for rebalancing from the board.</summary>
public sealed class BoardTasks(IDbContextFactory<OrchestratorDbContext> contexts)
{
    public async Task<BoardTaskPage> OpenAsync(string workflowKey, string stepKey, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var open = db.Tasks.AsNoTracking().Where(t => t.WorkflowKey == workflowKey && t.StepKey == stepKey
            && (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Claimed || t.Status == WorkTaskStatus.Running || t.Status == WorkTaskStatus.Escalated));
        var total = await open.CountAsync(ct);
        var items = await open.OrderByDescending(t => t.Priority).ThenBy(t => t.SlaDueAt).ThenBy(t => t.CreatedAt)
            .Skip(page * pageSize).Take(pageSize)
            .Select(t => new BoardTask(t.Id, t.CaseId, t.StepName, t.Kind, t.Status, t.Route, t.AssigneeName, t.AgentProfileKey, t.Priority,
                t.CreatedAt, t.SlaDueAt, t.WasEscalated, t.RouteReason, t.Version))
            .ToListAsync(ct);
        return new BoardTaskPage(items, total);
    }
}
