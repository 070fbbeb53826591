using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class CasesApiTests(OrchestratorAppFixture app)
{
    private const string Workflow = "auto-claims";

    private HttpClient Client(string? key = OrchestratorAppFixture.DemoApiKey) => key is null ? app.NewClient() : app.ApiClient(key);

    private static JsonObject Payload() => new()
    {
        ["policyNumber"] = "POL-77001", ["claimantName"] = "Jo Tester", ["incidentDate"] = "2026-01-05",
        ["description"] = "Rear-ended at a light.", ["estimatedAmount"] = 1250.50,
    };

    private static JsonObject Body(string? externalId = null, JsonNode? payload = null) => new()
    {
        ["workflow"] = Workflow, ["externalId"] = externalId ?? "it-" + Guid.NewGuid().ToString("N"), ["payload"] = payload ?? Payload(),
    };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<int> CaseCountAsync() => app.WithDbAsync(db => db.Cases.CountAsync());

    [Fact]
    public async Task Create_Answers401_WithoutKey()
    {
        var before = await CaseCountAsync();

        var response = await Client(key: null).PostAsync("/api/v1/cases", Json(Body().ToJsonString()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task Create_Answers401_WithWrongKey()
    {
        var before = await CaseCountAsync();

        var response = await Client(key: "ork_not_a_real_key").PostAsync("/api/v1/cases", Json(Body().ToJsonString()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task Create_Answers201WithId_ThenSameCaseForSameExternalId()
    {
        var externalId = "it-idem-" + Guid.NewGuid().ToString("N");
        var client = Client();

        var first = await client.PostAsync("/api/v1/cases", Json(Body(externalId).ToJsonString()));
        var second = await client.PostAsync("/api/v1/cases", Json(Body(externalId).ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonObject>();
        var again = await second.Content.ReadFromJsonAsync<JsonObject>();
        var id = Guid.Parse(created!["id"]!.GetValue<string>());
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal(id, Guid.Parse(again!["id"]!.GetValue<string>()));
        Assert.EndsWith($"/api/v1/cases/{id}", first.Headers.Location!.ToString());
        Assert.Equal(1, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.ExternalId == externalId)));
    }

    /// <summary>(why, body, the error key that says why): the key shows the 400 came from the check under test.</summary>
    public static TheoryData<string, string, string> BadBodies()
    {
        JsonNode deep = 1;
        for (var i = 0; i < 40; i++) deep = new JsonObject { ["a"] = deep };
        var big = Payload();
        for (var i = 0; i < 3000; i++) big[$"note{i}"] = new string('x', 100); // extra fields are allowed: only the size is wrong
        return new()
        {
            { "malformed JSON", "{\"workflow\": \"auto-claims\", \"payload\": {", "body" },
            { "JSON array", "[{\"workflow\": \"auto-claims\"}]", "body" },
            { "unknown workflow", Body().Set("workflow", "no-such-workflow").ToJsonString(), "workflow" },
            { "missing payload", Body().Drop("payload").ToJsonString(), "payload" },
            { "payload missing required fields", Body(payload: new JsonObject { ["policyNumber"] = "POL-1" }).ToJsonString(), "payload.claimantName" },
            { "payload not an object", Body(payload: new JsonArray(1, 2)).ToJsonString(), "payload" },
            { "payload over 256 KB", Body(payload: big).ToJsonString(), "body" },
            { "JSON nested deeper than 32", Body(payload: Payload().Set("extra", deep)).ToJsonString(), "body" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_Answers400Problem_AndStoresNothing_ForBadBody(string why, string body, string errorKey)
    {
        var before = await CaseCountAsync();

        var response = await Client().PostAsync("/api/v1/cases", Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(400, problem!["status"]!.GetValue<int>());
        Assert.Contains(errorKey, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task Create_Answers400_ForBodyOver256KB_SentWithoutContentLength()
    {
        var big = Payload();
        for (var i = 0; i < 3000; i++) big[$"note{i}"] = new string('x', 100);
        var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(Body(payload: big).ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var before = await CaseCountAsync();

        var response = await Client().PostAsync("/api/v1/cases", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body", (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await CaseCountAsync());
    }

    [Fact]
    public async Task Create_NamesEachMissingPayloadField()
    {
        var response = await Client().PostAsync("/api/v1/cases", Json(Body(payload: new JsonObject { ["policyNumber"] = "POL-1" }).ToJsonString()));

        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("payload.claimantName", errors.Select(e => e.Key));
        Assert.Contains("payload.estimatedAmount", errors.Select(e => e.Key));
        Assert.DoesNotContain("payload.policyNumber", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Get_ReturnsTheCaseWithItsTasks()
    {
        var client = Client();
        var created = await (await client.PostAsync("/api/v1/cases", Json(Body().ToJsonString()))).Content.ReadFromJsonAsync<JsonObject>();
        var id = created!["id"]!.GetValue<string>();

        var response = await client.GetAsync($"/api/v1/cases/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dto = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(id, dto!["id"]!.GetValue<string>());
        Assert.Equal(Workflow, dto["workflow"]!.GetValue<string>());
        Assert.Equal("POL-77001", dto["payload"]!["policyNumber"]!.GetValue<string>());
        var task = Assert.Single(dto["tasks"]!.AsArray());
        Assert.Equal("intake", task!["step"]!.GetValue<string>());
        Assert.Equal("Queued", task["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_Answers404Problem_ForUnknownId()
    {
        var response = await Client().GetAsync($"/api/v1/cases/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_Answers401_WithoutKey()
    {
        var id = await app.WithDbAsync(db => db.Cases.Select(c => c.Id).FirstAsync());

        var response = await Client(key: null).GetAsync($"/api/v1/cases/{id}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Workflows_ListsAutoClaims()
    {
        var response = await Client().GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonArray>();
        var workflow = Assert.Single(list!, w => w!["key"]!.GetValue<string>() == Workflow);
        Assert.Equal(1, workflow!["publishedVersion"]!.GetValue<int>());
        Assert.NotEmpty(workflow["steps"]!.AsArray());
    }
}

/// <summary>A body whose length is not announced, so the server must count while it reads.</summary>
internal sealed class UnknownLengthContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

internal static class JsonBodyEdits
{
    public static JsonObject Set(this JsonObject body, string name, JsonNode? value)
    {
        body[name] = value;
        return body;
    }

    public static JsonObject Drop(this JsonObject body, string name)
    {
        body.Remove(name);
        return body;
    }
}
