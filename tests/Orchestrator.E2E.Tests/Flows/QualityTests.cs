using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>
/// The quality function end to end: an orchestrator degrades the triage agent, sampled outputs reach a reviewer, the
/// reviewer fails them, and the breach reaches the orchestrator's open board live: a quality alert, and the intake
/// policy's action (pause the agent) applied. The orchestrator then reverts it from the Quality page.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class QualityTests(AppFixture app)
{
    private const string TriageAgent = "sim-triage";
    private const string IntakeReview = "Review: Intake and triage";
    private const int MinimumSamples = 5;

    [Fact]
    public async Task DegradedAgent_FailedReviews_AlertAndPauseReachTheBoardLive()
    {
        await using var board = await app.SignInAsync(DemoUsers.Dana);
        await using var console = await app.SignInAsync(DemoUsers.Dana);
        await using var ana = await app.SignInAsync(DemoUsers.Ana);
        var boardPage = new BoardPage(board.Page);
        await boardPage.OpenAsync("intake");
        await board.Page.EvaluateAsync("() => window.__sameDocument = true");
        var agentStatus = board.Page.GetByTestId("agents").Locator("tr", new() { HasText = TriageAgent });
        await Expect(agentStatus).ToContainTextAsync("Active");

        var agents = new BoardAgentsPage(console.Page);
        await agents.OpenAsync();
        await AgentDegrade.SetAsync(agents, TriageAgent, 1.0);
        var quality = new QualityPage(console.Page);
        try
        {
            using (var api = new ConsoleApi(app.BaseUrl))
            {
                var cases = await api.OpenClaimsAsync("quality-" + Guid.NewGuid().ToString("N")[..6], 6, parallel: 1);
                // Sampling takes finished agent work only: wait until the degraded agent has answered every intake.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                foreach (var opened in cases)
                    while ((await api.GetAsync(opened.Id)).Intake.Status is "Queued" or "Running" && DateTime.UtcNow < deadline)
                        await Task.Delay(200);
            }
            await quality.OpenAsync();
            await quality.SampleAsync();

            // Ana reviews the sampled intake outputs and fails them: wrong type, wrong severity.
            for (var i = 0; i < MinimumSamples; i++) await FailOneIntakeReviewAsync(ana.Page);

            var alert = board.Page.GetByTestId("alert").Filter(new() { HasText = TriageAgent });
            await Expect(alert).ToContainTextAsync("Quality", new() { Timeout = 10_000 });
            await Expect(agentStatus).ToContainTextAsync("Paused", new() { Timeout = 5_000 });
            Assert.True(await board.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Dana's board was reloaded.");
            await Screenshots.SaveAsync(board.Page, "quality-breach-on-board");

            await quality.OpenAsync();
            await Expect(quality.OpenBreach(TriageAgent)).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(console.Page, "quality-page-breach");
            await quality.RevertAsync(TriageAgent);
            await Expect(agentStatus).ToContainTextAsync("Active", new() { Timeout = 5_000 });
        }
        finally
        {
            // Leave the agent as the other flows expect it: active and accurate.
            await agents.OpenAsync();
            await AgentDegrade.SetAsync(agents, TriageAgent, 0);
            if (await agents.Resume(TriageAgent).CountAsync() > 0) await agents.Resume(TriageAgent).ClickAsync();
            await Expect(agents.Status(TriageAgent)).ToHaveTextAsync("Active", new() { Timeout = 5000 });
        }
    }

    private static async Task FailOneIntakeReviewAsync(IPage page)
    {
        var queue = new QueuePage(page);
        await queue.OpenAsync();
        await queue.ShowStepAsync("intake", "Review");
        var row = page.Locator("tr", new() { HasText = IntakeReview, Has = queue.ClaimButtons }).First;
        var taskId = Guid.Parse((await row.Locator("[data-testid=claim]").GetAttributeAsync("data-task"))!);
        await queue.ClaimAsync(taskId);
        await page.WaitForPathAsync(path => path == TaskPage.PathOf(taskId), "the claimed review to open");
        var task = new TaskPage(page);
        await task.WaitUntilWorkableAsync();
        await Expect(page.GetByTestId("review-subject")).ToContainTextAsync(TriageAgent);
        await task.AnswerAsync("criterion-1", yes: false);
        await task.AnswerAsync("criterion-2", yes: false);
        await task.AnswerAsync("pass", yes: false);
        await task.Complete.ClickAsync();
        await page.WaitForPathAsync(path => path != TaskPage.PathOf(taskId), "the completed review to close");
    }
}
