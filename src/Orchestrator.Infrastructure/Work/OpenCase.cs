using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Infrastructure.Work;

public sealed record OpenCaseRequest(string Workflow, string? ExternalId, int Priority, JsonObject Payload, JsonObject? GroundTruth = null);

public sealed record OpenedCase(Case Case, bool Created);

/// <summary>Starts a case on the latest published version and creates its first task. The external id makes it idempotent.</summary>
public sealed class OpenCase(WorkStore store, WorkflowCatalog catalog)
{
    public async Task<WorkResult<OpenedCase>> HandleAsync(OpenCaseRequest request, Actor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.Workflow))
            return WorkResult<OpenedCase>.Invalid([new("workflow", "Workflow key is required.")]);
        if (request.ExternalId is not null && await FindAsync(request, ct) is { } existing)
            return WorkResult<OpenedCase>.Ok(new(existing, false));
        try
        {
            return await store.WriteAsync<OpenedCase>(async (db, effects) =>
            {
                var published = await catalog.LatestPublishedAsync(db, request.Workflow, ct);
                if (published is null)
                    return WorkResult<OpenedCase>.Invalid([new("workflow", $"No published workflow has the key '{request.Workflow}'.")]);
                var (_, version) = published.Value;
                var now = store.Now;
                var @case = Case.Open(version, request.Workflow, request.ExternalId, request.Priority, request.Payload, now, actor.Name, request.GroundTruth);
                db.Cases.Add(@case);
                await TaskRouting.CreateTaskAsync(db, effects, @case, version, version.FirstStep, @case.Payload, now, ct);
                db.Record(now, actor, "case.opened", "case", @case.Id.ToString(), after: new { @case.WorkflowKey, Version = @case.WorkflowVersionNumber, @case.ExternalId, @case.Priority });
                effects.Events.Add(new LiveEvent(LiveEvent.Kinds.CaseChanged, @case.WorkflowKey, @case.CurrentStepKey, null, @case.Id, @case.Status.ToString()));
                return WorkResult<OpenedCase>.Ok(new(@case, true));
            }, ct);
        }
        catch (DbUpdateException) when (request.ExternalId is not null)
        {
            // Two requests with one external id raced; the unique index let one in. Answer with that one.
            var winner = await FindAsync(request, ct);
            if (winner is null) throw;
            return WorkResult<OpenedCase>.Ok(new(winner, false));
        }
    }

    private async Task<Case?> FindAsync(OpenCaseRequest request, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        return await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.WorkflowKey == request.Workflow && c.ExternalId == request.ExternalId, ct);
    }
}
