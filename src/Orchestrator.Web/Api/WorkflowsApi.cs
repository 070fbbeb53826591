using System.Text;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Workflows;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Api;

public sealed record FieldDto(string Key, string Label, string Type, bool Required, IReadOnlyList<string> Choices);
public sealed record StepDto(string Key, string Name, string Kind, IReadOnlyList<FieldDto> Inputs, IReadOnlyList<FieldDto> Outputs, string Staffing, int AgentShare);
public sealed record WorkflowDto(string Key, string Name, string Description, int PublishedVersion, DateTime? PublishedAt, decimal OutcomePrice, IReadOnlyList<StepDto> Steps);
public sealed record ImportedDto(string Workflow, int Version, string Status, bool CreatedWorkflow, string Editor, string Yaml);

public static class WorkflowsApi
{
    public const string YamlType = "application/yaml";
    private static readonly string[] YamlTypes = [YamlType, "text/yaml", "application/x-yaml", "text/x-yaml"];

    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/workflows", ListAsync).RequireAuthorization(Policies.ApiCases).WithTags("Workflows")
            .Produces<IReadOnlyList<WorkflowDto>>().WithSummary("The published workflows, with their keys and the fields a case needs.");
        var code = api.MapGroup("/workflows").RequireAuthorization(Policies.ApiWorkflows).WithTags("Workflows as code");
        code.MapGet("/{key}/yaml", ExportAsync).Produces<string>(contentType: YamlType).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A version as YAML (docs/WORKFLOW-YAML.md): ?version=n, else the version in force, else the latest draft.");
        code.MapPost("/import", ImportAsync).Produces<ImportedDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("Imports YAML as a new draft (of the workflow with its key, or of a new workflow); every error names its field and line.")
            .WithDescription($"Send the YAML as the body with Content-Type {YamlType} (or text/yaml).");
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

    private static async Task<IResult> ExportAsync(string key, int? version, StudioQueries queries, CancellationToken ct) =>
        await queries.ExportAsync(key, version, ct) is { } export
            ? TypedResults.Text(export.Yaml, YamlType, Encoding.UTF8)
            : TypedResults.Problem(version is { } n ? $"Workflow '{key}' has no version {n}." : $"No workflow has the key '{key}'.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    private static async Task<IResult> ImportAsync(HttpRequest request, ImportWorkflow import, StudioQueries queries, CancellationToken ct)
    {
        // A YAML content type is required: it is not one a cross-site form can send, so a signed-in browser cannot be made to import.
        var type = request.ContentType?.Split(';')[0].Trim();
        if (type is null || !YamlTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            return Problems.BadRequest("body", $"Send the workflow as YAML with Content-Type: {YamlType}.");
        var (yaml, tooLarge) = await ReadTextAsync(request, WorkflowYaml.MaxLength, ct);
        if (tooLarge) return Problems.BadRequest("body", $"The file is larger than {WorkflowYaml.MaxLength / 1024} KB.");

        var user = request.HttpContext.User;
        var actor = Actor.User(user.UserId() ?? "api", user.Identity?.Name ?? user.DisplayName());
        var result = await import.HandleAsync(actor, yaml, ct);
        if (!result.Succeeded) return Problems.From(result);
        var imported = result.Value!;
        var saved = await queries.ExportAsync(imported.WorkflowKey, imported.Number, ct);
        return TypedResults.Created($"/api/v1/workflows/{imported.WorkflowKey}/yaml?version={imported.Number}",
            new ImportedDto(imported.WorkflowKey, imported.Number, "Draft", imported.CreatedWorkflow,
                $"/workflows/{imported.WorkflowKey}/versions/{imported.Number}", saved!.Value.Yaml));
    }

    private static async Task<(string Text, bool TooLarge)> ReadTextAsync(HttpRequest request, int maxChars, CancellationToken ct)
    {
        if (request.ContentLength > maxChars * 4L) return ("", true);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[maxChars + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        return read > maxChars ? ("", true) : (new string(buffer, 0, read), false);
    }
}
