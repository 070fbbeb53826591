using System.Net;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Workflows;

/// <summary>The studio's pages render for orchestrators and stay closed to other roles.</summary>
[Collection(WebCollection.Name)]
public sealed class WorkflowPagesTests(OrchestratorAppFixture app)
{
    [Theory]
    [InlineData("/workflows", "Auto insurance claim")]
    [InlineData("/workflows/auto-claims", "Versions")]
    [InlineData("/workflows/auto-claims/versions/1", "Intake and triage")]
    public async Task Page_Renders_ForAnOrchestrator(string path, string expected)
    {
        var client = await app.ClientForAsync("orchestrator@demo.local");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("worker@demo.local", "/workflows/auto-claims/versions/1")]
    [InlineData("manager@demo.local", "/workflows/auto-claims")]
    public async Task Page_IsDenied_ToOtherRoles(string user, string path)
    {
        var response = await (await app.ClientForAsync(user)).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }
}
