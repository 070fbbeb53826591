using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class ModelsApiTests(OrchestratorAppFixture app)
{
    private HttpClient Client() => app.ApiClient();

    [Fact]
    public async Task Models_OfAStep_AreListed_AndDocumented()
    {
        var response = await Client().GetAsync("/api/v1/workflows/auto-claims/steps/intake/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await response.Content.ReadFromJsonAsync<JsonArray>());
        var doc = await (await app.NewClient().GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("/api/v1/workflows/{key}/steps/{step}/models", doc!["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Models_OfAnUnknownStep_Are404ProblemDetails()
    {
        var response = await Client().GetAsync("/api/v1/workflows/auto-claims/steps/nope/models");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no step 'nope'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Models_WithoutAKey_Are401()
    {
        var response = await app.NewClient().GetAsync("/api/v1/workflows/auto-claims/steps/intake/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
