using System.Net;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Auth;

/// <summary>Sign-out is a form post with the page's antiforgery token: another site cannot sign people out.</summary>
[Collection(WebCollection.Name)]
public sealed class SignOutTests(OrchestratorAppFixture app)
{
    [Fact]
    public async Task SignOut_WithoutTheToken_Is400AndKeepsTheSession()
    {
        var client = await app.SignedInClientAsync(PageAccessTests.Worker);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithThePagesToken_EndsTheSession()
    {
        var client = await app.SignedInClientAsync(PageAccessTests.Worker);
        var fields = OrchestratorAppFixture.HiddenInputs(await client.GetStringAsync("/"));
        Assert.True(fields.ContainsKey("__RequestVerificationToken"), "the layout's sign-out form carries no antiforgery token");

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
