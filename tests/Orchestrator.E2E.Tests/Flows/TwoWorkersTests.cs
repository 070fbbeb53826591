using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>Ana and Ben work the same queue in separate browsers; what one does reaches the other live.</summary>
[Collection(AppCollection.Name)]
public sealed class TwoWorkersTests(AppFixture app)
{
    private const string Intake = "Intake and triage";
    private const string Coverage = "Coverage check";

    [Fact]
    public async Task Claim_LeavesOtherQueueLive_AndCompleteOpensNextStep()
    {
        var sessions = await Task.WhenAll(app.SignInAsync(DemoUsers.Ana), app.SignInAsync(DemoUsers.Ben));
        await using var ana = sessions[0];
        await using var ben = sessions[1];
        var anaQueue = new QueuePage(ana.Page);
        var benQueue = new QueuePage(ben.Page);
        await Task.WhenAll(anaQueue.OpenAsync(), benQueue.OpenAsync());

        // A task both may take: both have the claims skill these steps need.
        var taskId = Guid.Empty;
        foreach (var id in await anaQueue.WorkStepTaskIdsAsync(Intake, Coverage))
            if (await benQueue.ClaimButton(id).CountAsync() == 1) { taskId = id; break; }
        Assert.True(taskId != Guid.Empty, "No intake or coverage task is in both Ana's and Ben's queue.");
        await Screenshots.SaveAsync(ana.Page, "queue-worker");

        // Ana claims; Ben's queue drops the row by itself within 2 s, with no reload.
        await ben.Page.EvaluateAsync("() => window.__sameDocument = true");
        await Blazor.WaitForInteractiveAsync(benQueue.ClaimButton(taskId));
        await anaQueue.ClaimAsync(taskId);
        await Expect(benQueue.ClaimButton(taskId)).ToHaveCountAsync(0, new() { Timeout = 2000 });
        Assert.True(await ben.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Ben's queue page was reloaded.");
        await Screenshots.SaveAsync(ben.Page, "queue-worker2-after-claim");

        // Ana works the task.
        await ana.Page.WaitForPathAsync(path => path == TaskPage.PathOf(taskId), "Ana's claimed task to open", 10_000);
        var anaTask = new TaskPage(ana.Page);
        await anaTask.WaitUntilWorkableAsync();
        var stepName = (await anaTask.StepName.InnerTextAsync()).Trim();
        var caseRef = (await anaTask.CaseReference.InnerTextAsync()).Trim();
        Assert.Contains(stepName, new[] { Intake, Coverage });

        // Ben may read the task Ana holds, but not complete it.
        var benTask = new TaskPage(ben.Page);
        await benTask.OpenAsync(taskId);
        await Expect(benTask.HeldByOther).ToBeVisibleAsync();
        await Expect(benTask.HeldByOther).ToContainTextAsync(DemoUsers.Ana.Name);
        await Expect(benTask.Complete).ToHaveCountAsync(0);
        await Expect(benTask.ClaimHere).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(ben.Page, "task-held-by-other");

        var entered = await anaTask.FillRequiredAsync();
        Assert.NotEmpty(entered);
        await Screenshots.SaveAsync(ana.Page, "task-filled");
        await anaTask.Complete.ClickAsync();
        await ana.Page.WaitForPathAsync(path => path == MyWorkPage.Path, "My work to open", 10_000);
        await Expect(new MyWorkPage(ana.Page).HeldTask(taskId)).ToHaveCountAsync(0);

        // Ben's open task page learns of the completion live.
        await Expect(benTask.Status).ToHaveTextAsync("Completed", new() { Timeout = 5000 });

        // The case moved on: its next step has a task.
        var nextStep = stepName == Intake ? "extract" : "fraud"; // coverage answered "Yes" (covered) goes on to the fraud screen
        var found = await app.Api.FindCaseAsync("auto-claims", caseRef);
        var @case = await app.Api.WaitForCaseAsync(found.Id,
            c => c.Tasks.Any(t => t.Id == taskId && t.Status == "Completed") && c.Tasks.Any(t => t.Step == nextStep && t.Kind == "Step"),
            TimeSpan.FromSeconds(10), $"task {taskId} completed and a '{nextStep}' task");
        Assert.Equal(DemoUsers.Ana.Name, @case.Tasks.Single(t => t.Id == taskId).Assignee);

        // Ben takes the next task the queue gives him: it opens, held by him.
        await benQueue.OpenAsync();
        await Blazor.WaitForInteractiveAsync(benQueue.NextTask);
        await ben.Page.ExplainingFailureAsync("Ben's next task to open", async () =>
        {
            await benQueue.NextTask.ClickAsync();
            await ben.Page.WaitForPathAsync(path => path.StartsWith("/tasks/", StringComparison.Ordinal), "Ben's next task to open", 10_000);
        });
        var benNext = new TaskPage(ben.Page);
        await benNext.WaitUntilWorkableAsync();
        await Expect(benNext.HeldByOther).ToHaveCountAsync(0);
        await Expect(benNext.Complete).ToBeVisibleAsync();
    }
}
