using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Api;

/// <summary>Workflows as code over HTTP: export, import as a draft, RFC 7807 answers that name the field and line.</summary>
[Collection(WebCollection.Name)]
public sealed class WorkflowsApiTests(OrchestratorAppFixture app)
{
    private static StringContent Yaml(string yaml, string type = "application/yaml") => new(yaml, Encoding.UTF8, type);

    private static string NewWorkflow(string key) => $"""
        key: {key}
        name: Imported by a test
        outcomePrice: 20
        steps:
          - key: check
            name: Check the form
            kind: Execution
            outputs:
              - key: ok
                type: YesNo
            staffing:
              mode: Human
              keepHumansReason: Other
              keepHumansNote: Nobody automated it yet.
        """;

    private Task<HttpClient> OrchestratorAsync() => app.ClientForAsync("orchestrator@demo.local");

    [Fact]
    public async Task Export_AnswersTheVersionInForce_AsYaml()
    {
        var client = await OrchestratorAsync();

        var response = await client.GetAsync("/api/v1/workflows/auto-claims/yaml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        var yaml = await response.Content.ReadAsStringAsync();
        Assert.Contains("key: auto-claims", yaml);
        Assert.Contains("costOfError:", yaml);
    }

    [Fact]
    public async Task Export_Answers404Problem_ForAnUnknownVersion()
    {
        var response = await (await OrchestratorAsync()).GetAsync("/api/v1/workflows/auto-claims/yaml?version=99");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Import_CreatesADraft_AndAuditsIt()
    {
        var key = "it-" + Guid.NewGuid().ToString("N")[..8];

        var response = await (await OrchestratorAsync()).PostAsync("/api/v1/workflows/import", Yaml(NewWorkflow(key)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)body["version"]!);
        Assert.Equal("Draft", (string)body["status"]!);
        var version = await app.WithDbAsync(db => db.WorkflowVersions.AsNoTracking()
            .SingleAsync(v => db.Workflows.Any(w => w.Key == key && w.Id == v.WorkflowId)));
        Assert.Equal("check", Assert.Single(version.Steps).Key);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "workflow.imported" && e.SubjectId == key)));
    }

    [Fact]
    public async Task Import_ExportedYaml_AddsANewDraftOfTheSameWorkflow()
    {
        var client = await OrchestratorAsync();
        var yaml = await client.GetStringAsync("/api/v1/workflows/document-check/yaml");

        var response = await client.PostAsync("/api/v1/workflows/import", Yaml(yaml, "text/yaml"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((int)body["version"]! >= 2);
        Assert.Equal(yaml, (string)body["yaml"]!);
    }

    [Fact]
    public async Task Import_Answers400_NamingTheFieldAndLine()
    {
        var key = "it-" + Guid.NewGuid().ToString("N")[..8];
        var broken = NewWorkflow(key).Replace("      keepHumansReason: Other\n", "");

        var response = await (await OrchestratorAsync()).PostAsync("/api/v1/workflows/import", Yaml(broken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        var message = (string)errors["steps[0].staffing.keepHumansReason"]![0]!;
        Assert.StartsWith("Line 11:", message); // the staffing block, since the reason is missing from it
        Assert.Equal(0, await app.WithDbAsync(db => db.Workflows.CountAsync(w => w.Key == key)));
    }

    [Fact]
    public async Task Import_Answers400_ForAContentTypeOtherThanYaml()
    {
        var response = await (await OrchestratorAsync()).PostAsync("/api/v1/workflows/import", Yaml(NewWorkflow("it-plain"), "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Import_IsForbidden_ToAKeyWithoutTheWorkflowsScope()
    {
        var response = await app.ApiClient().PostAsync("/api/v1/workflows/import", Yaml(NewWorkflow("it-denied")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Import_IsForbidden_ToAWorker()
    {
        var worker = await app.ClientForAsync("worker@demo.local");

        var response = await worker.PostAsync("/api/v1/workflows/import", Yaml(NewWorkflow("it-worker")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
