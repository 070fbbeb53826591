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

    private const string ScriptReason = "<script>alert('reason')</script>";
    private const string ImgReason = "<img src=y onerror=\"alert('reason')\">";
    private const string ImgUrl = "<img src=z onerror=\"alert('url')\">";

    /// <summary>
    /// An external agent fails a task with markup in its error (agent output is untrusted too): the escalation reason and
    /// the case's payload show as text on the queue, the task page, the board and the audit page. No dialog opens, no
    /// injected element exists, and the browser reports no Content-Security-Policy violation (the pages work within it).
    /// </summary>
    [Fact]
    public async Task AgentErrorAndPayload_ShowAsTextOnQueueTaskBoardAndAudit()
    {
        var (_, opened) = await app.Api.OpenCaseAsync(new JsonObject
        {
            ["workflow"] = "document-check", ["externalId"] = "xss-" + Guid.NewGuid().ToString("N")[..8], ["priority"] = 100,
            ["payload"] = new JsonObject { ["documentUrl"] = ImgUrl },
        });
        var taskId = opened.Tasks.Single(t => t.Step == "verify").Id;
        using (var agent = new OrchestratorApi(app.BaseUrl, DemoUsers.WorkerApiKey))
        {
            // The case has the highest priority, so the agent's next pull holds it (other leases lapse on their own).
            var pulled = await agent.ActivateAsync(max: 10, leaseSeconds: 30);
            Assert.Contains(pulled, t => t.Id == taskId);
            await agent.FailAsync(taskId, $"Could not read {ScriptReason} {ImgReason}", retryable: false);
        }

        await using (var ana = await app.SignInAsync(DemoUsers.Ana))
        {
            var watch = Watch(ana.Page);
            var queue = new QueuePage(ana.Page);
            await queue.OpenAsync();
            await Expect(queue.Row(taskId)).ToContainTextAsync(ImgReason);
            await Expect(queue.Row(taskId)).ToContainTextAsync(ScriptReason);
            await AssertNothingRanAsync(ana.Page, watch);

            var task = new TaskPage(ana.Page);
            await task.OpenAsync(taskId);
            await Expect(ana.Page.GetByText(ImgUrl).First).ToBeVisibleAsync();
            await Expect(ana.Page.GetByText(ImgReason, new() { Exact = false }).First).ToBeVisibleAsync();
            await AssertNothingRanAsync(ana.Page, watch);
        }

        await using var dana = await app.SignInAsync(DemoUsers.Dana);
        var danaWatch = Watch(dana.Page);
        var board = new BoardPage(dana.Page);
        await board.OpenAsync("verify");
        await board.SelectStepAsync("verify");
        await Expect(board.TaskRow(taskId)).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await AssertNothingRanAsync(dana.Page, danaWatch);

        var audit = new AuditPage(dana.Page);
        await audit.OpenAsync();
        await audit.FilterBySubjectAsync(taskId.ToString());
        await Expect(audit.Table).ToContainTextAsync(ImgReason);
        await AssertNothingRanAsync(dana.Page, danaWatch);
        await Screenshots.SaveAsync(dana.Page, "audit-xss-as-text");
    }

    private sealed record PageWatch(List<string> Dialogs, List<string> CspViolations);

    private static PageWatch Watch(IPage page)
    {
        var watch = new PageWatch([], []);
        page.Dialog += async (_, dialog) => { lock (watch.Dialogs) watch.Dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (watch.CspViolations) watch.CspViolations.Add(message.Text);
        };
        return watch;
    }

    private static async Task AssertNothingRanAsync(IPage page, PageWatch watch)
    {
        await Expect(page.Locator("img[src=y], img[src=z], img[src=x]")).ToHaveCountAsync(0);
        Assert.Empty(watch.Dialogs);
        Assert.Empty(watch.CspViolations);
    }
}
