using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>What a person on one instance sees of a claim made on another.</summary>
public static class CrossInstance
{
    private static readonly string[] WorkSteps = ["Intake and triage", "Coverage check"];

    /// <summary>
    /// Claims, in <paramref name="claimer"/>'s queue, a task that <paramref name="watcher"/>'s queue also shows, and
    /// asserts it leaves the watcher's page within a second (or <paramref name="withinMs"/>), without a reload. Both
    /// queues are open. Returns the task.
    /// </summary>
    public static async Task<Guid> ClaimLeavesTheOtherQueueWithinASecondAsync(QueuePage claimer, QueuePage watcher, float withinMs = 1000)
    {
        var taskId = Guid.Empty;
        foreach (var id in await claimer.WorkStepTaskIdsAsync(WorkSteps))
            if (await watcher.ClaimButton(id).CountAsync() == 1) { taskId = id; break; }
        Assert.True(taskId != Guid.Empty, "No intake or coverage task is in both queues: the instances do not share one database.");

        await watcher.Page.EvaluateAsync("() => window.__sameDocument = true");
        await Blazor.WaitForInteractiveAsync(watcher.ClaimButton(taskId));
        await claimer.ClaimAsync(taskId);
        // The claim has committed once the claimer's page opens the task; from then the watcher's page has a second.
        await claimer.Page.WaitForPathAsync(path => path == TaskPage.PathOf(taskId), $"the claimed task {taskId} to open", 10_000);
        await Expect(watcher.ClaimButton(taskId)).ToHaveCountAsync(0, new() { Timeout = withinMs });
        Assert.True(await watcher.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The watcher's page was reloaded.");
        return taskId;
    }
}
