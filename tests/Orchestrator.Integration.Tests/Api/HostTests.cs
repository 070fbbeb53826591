using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Api;

/// <summary>What the host serves besides pages and the cases API: health, the OpenAPI document, the top-level wwwroot.</summary>
[Collection(WebCollection.Name)]
public sealed class HostTests(OrchestratorAppFixture app)
{
    [Fact]
    public async Task Healthz_Answers200_WhenTheDatabaseAnswers()
    {
        var response = await app.NewClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_DescribesTheCasesApi()
    {
        var response = await app.NewClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("/api/v1/cases", doc!["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task StaticFile_IsServedFromTheTopLevelWebRoot()
    {
        var response = await app.NewClient().GetAsync("/css/orchestrator.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var onDisk = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "wwwroot", "css", "orchestrator.css"));
        Assert.Equal(onDisk, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Store_UsesTheFixturesDataFolder()
    {
        Assert.True(File.Exists(Path.Combine(app.DataFolder, "orchestrator.db")), "the SQLite file is not in the temp data folder");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) return dir.FullName;
        throw new InvalidOperationException("Orchestrator.sln not found above the test output.");
    }
}
