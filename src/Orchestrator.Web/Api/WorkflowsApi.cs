using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Api;

public sealed record FieldDto(string Key, string Label, string Type, bool Required, IReadOnlyList<string> Choices);
public sealed record StepDto(string Key, string Name, string Kind, IReadOnlyList<FieldDto> Inputs, IReadOnlyList<FieldDto> Outputs, string Staffing, int AgentShare);
public sealed record WorkflowDto(string Key, string Name, string Description, int PublishedVersion, DateTime? PublishedAt, decimal OutcomePrice, IReadOnlyList<StepDto> Steps);

public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workflows", ListAsync).RequireAuthorization(Policies.ApiCases).WithTags("Workflows")
            .Produces<IReadOnlyList<WorkflowDto>>().WithSummary("The published workflows, with their keys and the fields a case needs.");
        return api;
    }

    private static async Task<IResult> ListAsync(IDbContextFactory<OrchestratorDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflows = await db.Workflows.AsNoTracking().OrderBy(w => w.Key).ToListAsync(ct);
        var published = await db.WorkflowVersions.AsNoTracking().Where(v => v.Status == VersionStatus.Published).ToListAsync(ct);
        var result = workflows
            .Select(w => (w, v: published.Where(v => v.WorkflowId == w.Id).MaxBy(v => v.Number)))
            .Where(x => x.v is not null)
            .Select(x => new WorkflowDto(x.w.Key, x.w.Name, x.w.Description, x.v!.Number, x.v.PublishedAt, x.v.OutcomePrice,
                x.v.Steps.Select(s => new StepDto(s.Key, s.Name, s.Kind.ToString(), s.Inputs.Select(Field).ToList(), s.Outputs.Select(Field).ToList(),
                    s.Staffing.Mode.ToString(), s.Staffing.AgentShare)).ToList()))
            .ToList();
        return TypedResults.Ok(result);
    }

    private static FieldDto Field(FieldDefinition f) => new(f.Key, f.DisplayName, f.Type.ToString(), f.Required, f.Choices);
}
