using System.Diagnostics;
using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>The orchestrator's console: the staffing dial, rebalancing held work live, and pausing an agent.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleTests(AppFixture app)
{
    private const string Intake = "intake";
    private const string TriageAgent = "sim-triage";
    private static readonly Dictionary<string, string> StepKeys = new() { ["Intake and triage"] = "intake", ["Coverage check"] = "coverage" };

    [Fact]
    public async Task Staffing_MovedTo90_Routes90PercentOfNext200IntakeTasksToAgents()
    {
        await using var dana = await app.SignInAsync(DemoUsers.Dana);
        var board = new BoardPage(dana.Page);
        await board.OpenAsync(Intake);

        await board.SetAgentShareAsync(Intake, 90);
        await Expect(board.ShareBar(Intake)).ToHaveAttributeAsync("data-target", "90");

        using var api = new ConsoleApi(app.BaseUrl);
        var cases = await api.OpenClaimsAsync("console-share-" + Guid.NewGuid().ToString("N")[..6], 200);
        var toAgents = cases.Count(c => c.Intake.Agent is not null);
        var share = 100.0 * toAgents / cases.Count;
        Assert.True(Math.Abs(share - 90) <= 5,
            $"{toAgents} of {cases.Count} intake tasks went to an agent ({share:0.0} %), not within 5 points of 90 %. Reasons: " +
            string.Join("; ", cases.Select(c => c.Intake.RouteReason).Distinct().Take(5)));
        Assert.All(cases.Where(c => c.Intake.Agent is not null), c => Assert.Equal(TriageAgent, c.Intake.Agent));

        // The board's dial shows the new target beside the share it realized.
        await Expect(board.ShareBar(Intake)).ToHaveAttributeAsync("data-target", "90");
        await Screenshots.SaveAsync(dana.Page, "console-board-share-90");
    }

    [Fact]
    public async Task Reassign_HeldTaskFromAnaToBen_MovesBetweenTheirMyWorkLive()
    {
        var sessions = await Task.WhenAll(app.SignInAsync(DemoUsers.Ana), app.SignInAsync(DemoUsers.Ben), app.SignInAsync(DemoUsers.Dana));
        await using var ana = sessions[0];
        await using var ben = sessions[1];
        await using var dana = sessions[2];

        // Ana claims a task Ben may also take.
        var queue = new QueuePage(ana.Page);
        await queue.OpenAsync();
        var ids = await queue.WorkStepTaskIdsAsync([.. StepKeys.Keys]);
        Assert.True(ids.Count > 0, "Ana's queue shows no intake or coverage task to claim.");
        var taskId = ids[0];
        var rowText = await queue.Row(taskId).InnerTextAsync();
        var stepKey = StepKeys.First(s => rowText.Contains(s.Key, StringComparison.Ordinal)).Value;
        await queue.ClaimAsync(taskId);
        await ana.Page.WaitForPathAsync(path => path == TaskPage.PathOf(taskId), "Ana's claimed task to open", 10_000);

        var anaWork = new MyWorkPage(ana.Page);
        var benWork = new MyWorkPage(ben.Page);
        var board = new BoardPage(dana.Page);
        await Task.WhenAll(anaWork.OpenAsync(), benWork.OpenAsync(), board.OpenAsync(stepKey));
        await Expect(anaWork.HeldTask(taskId)).ToHaveCountAsync(1);
        await Expect(benWork.HeldTask(taskId)).ToHaveCountAsync(0);
        await ana.Page.EvaluateAsync("() => window.__sameDocument = true");
        await ben.Page.EvaluateAsync("() => window.__sameDocument = true");

        // Dana moves it to Ben from the board.
        await board.SelectStepAsync(stepKey);
        await board.SelectTaskAsync(taskId);
        await board.ChoosePersonAsync(DemoUsers.Ben.Name);
        await Blazor.WaitForInteractiveAsync(board.Assign);
        await Expect(board.Assign).ToBeEnabledAsync();
        var watch = Stopwatch.StartNew();
        await board.Assign.ClickAsync();

        await Task.WhenAll(
            Expect(anaWork.HeldTask(taskId)).ToHaveCountAsync(0, new() { Timeout = 2000 }),
            Expect(benWork.HeldTask(taskId)).ToHaveCountAsync(1, new() { Timeout = 2000 }));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"The card took {watch.Elapsed.TotalSeconds:0.0} s to move.");
        Assert.True(await ana.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Ana's My work page was reloaded.");
        Assert.True(await ben.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Ben's My work page was reloaded.");
        await Screenshots.SaveAsync(ben.Page, "console-my-work-after-reassign");
        await Screenshots.SaveAsync(dana.Page, "console-board-after-reassign");
    }

    [Fact]
    public async Task PauseAgent_ShowsPausedLive_AndNewIntakeGoesToHumans()
    {
        await using var dana = await app.SignInAsync(DemoUsers.Dana);
        var agents = new BoardAgentsPage(dana.Page);
        await agents.OpenAsync();
        await Expect(agents.Status(TriageAgent)).ToHaveTextAsync("Active");
        await Blazor.WaitForInteractiveAsync(agents.Pause(TriageAgent));

        await agents.Pause(TriageAgent).ClickAsync();
        var passed = false;
        try
        {
            await dana.Page.ExplainingFailureAsync("Pausing sim-triage", () => Expect(agents.Status(TriageAgent)).ToHaveTextAsync("Paused", new() { Timeout = 2000 }));
            await Screenshots.SaveAsync(dana.Page, "console-agent-paused");

            // Hybrid intake: several new cases, so that some come on an agent turn; none may reach the paused agent.
            using var api = new ConsoleApi(app.BaseUrl);
            var cases = await api.OpenClaimsAsync("console-paused-" + Guid.NewGuid().ToString("N")[..6], 6, parallel: 1);
            var intakes = cases.Select(c => c.Intake).ToList();
            var routes = string.Join("; ", intakes.Select(t => $"{t.Route} ({t.RouteReason})"));
            Assert.All(intakes, t =>
            {
                Assert.True(t.Route == "Human" && t.Agent is null, $"Intake {t.Id} went to {t.Route}/{t.Agent} while {TriageAgent} was paused: {routes}");
                if (t.RouteReason.Contains("agent turn", StringComparison.Ordinal))
                    Assert.True(t.RouteReason.Contains("paused", StringComparison.OrdinalIgnoreCase), $"An agent turn fell back without saying the agent is paused: {t.RouteReason}");
            });
            Assert.True(intakes.Any(t => t.RouteReason.Contains("paused", StringComparison.OrdinalIgnoreCase)),
                $"None of the {intakes.Count} intake tasks was an agent turn sent to humans because the agent is paused: {routes}");
            passed = true;
        }
        finally
        {
            // Leave the agent working for the other flows; should the steps above have failed, theirs is the failure to report.
            try
            {
                await Blazor.WaitForInteractiveAsync(agents.Resume(TriageAgent));
                await agents.Resume(TriageAgent).ClickAsync();
                await Expect(agents.Status(TriageAgent)).ToHaveTextAsync("Active", new() { Timeout = 5000 });
            }
            catch (Exception) when (!passed) { }
        }
    }
}
