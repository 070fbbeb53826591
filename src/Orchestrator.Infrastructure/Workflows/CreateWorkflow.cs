using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Workflows;

public sealed record NewWorkflowInput(string Key, string Name, string Description, decimal OutcomePrice = 0, IReadOnlyList<StepDefinition>? Steps = null);

/// <summary>A new workflow with its first draft version (empty unless steps are given, as on import).</summary>
public sealed class CreateWorkflow(WorkStore store)
{
    public Task<WorkResult<WorkflowVersion>> HandleAsync(Actor actor, NewWorkflowInput input, CancellationToken ct = default) =>
        store.WriteAsync<WorkflowVersion>(async (db, _) =>
        {
            var key = input.Key?.Trim() ?? "";
            if (await db.Workflows.AnyAsync(w => w.Key == key, ct))
                return WorkResult<WorkflowVersion>.Invalid([new("key", $"A workflow with the key '{key}' exists.")]);
            var now = store.Now;
            var workflow = Workflow.Create(key, input.Name, input.Description?.Trim() ?? "", now);
            var draft = WorkflowVersion.Draft(workflow, 1, input.Steps ?? [], input.OutcomePrice, actor.Name, now);
            db.Workflows.Add(workflow);
            db.WorkflowVersions.Add(draft);
            db.Record(now, actor, "workflow.created", "workflow", workflow.Key, after: new { workflow.Name, workflow.Description, Draft = draft.Number });
            return WorkResult<WorkflowVersion>.Ok(draft);
        }, ct);
}
