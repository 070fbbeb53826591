using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>Case data comes from machines; the portal shows it as text and never runs it.</summary>
[Collection(AppCollection.Name)]
public sealed class XssTests(AppFixture app)
{
    private const string ScriptPolicy = "<script>window.__xss=1</script>";
    private const string ImgClaimant = "<img src=x onerror=\"window.__xss=2\">";
    private const string BoldDescription = "<b>bold</b>";

    [Fact]
    public async Task TaskPage_ShowsMarkupInCaseDataAsText()
    {
        var (status, opened) = await app.Api.OpenCaseAsync(new JsonObject
        {
            ["workflow"] = "auto-claims",
            ["externalId"] = "xss-1",
            ["priority"] = 100,
            ["payload"] = new JsonObject
            {
                ["policyNumber"] = ScriptPolicy,
                ["claimantName"] = ImgClaimant,
                ["incidentDate"] = "2026-11-01",
                ["description"] = BoldDescription,
                ["estimatedAmount"] = 100,
            },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var intakeId = opened.Tasks.Single(t => t.Step == "intake" && t.Kind == "Step").Id;

        // The intake may go to an agent first: wait until a person can see it or the agent has finished it
        // (Ana signs in meanwhile).
        var signingIn = app.SignInAsync(DemoUsers.Ana);
        await app.Api.WaitForCaseAsync(opened.Id, c => c.Tasks.Single(t => t.Id == intakeId) is var t
                && (t.Status == "Completed" || (t.Status is "Queued" or "Escalated" && t.Route == "Human")),
            TimeSpan.FromSeconds(30), "intake with a person or completed");

        await using var session = await signingIn;
        var task = new TaskPage(session.Page);
        await task.OpenAsync(intakeId);

        await Expect(session.Page.GetByText(ScriptPolicy, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(session.Page.GetByText(ImgClaimant, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(session.Page.GetByText(BoldDescription, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(session.Page.Locator("img[src=x]")).ToHaveCountAsync(0);
        await Expect(session.Page.Locator("b", new() { HasText = "bold" })).ToHaveCountAsync(0);
        Assert.Null(await session.Page.EvaluateAsync<object?>("window.__xss"));
        await Screenshots.SaveAsync(session.Page, "task-xss-as-text");
    }
}
