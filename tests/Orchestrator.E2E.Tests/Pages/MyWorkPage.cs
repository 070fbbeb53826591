namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/my-work: the tasks the worker holds.</summary>
public sealed class MyWorkPage(IPage page)
{
    public const string Path = "/my-work";

    public ILocator HeldTasks => page.GetByTestId("held-task");
    public ILocator HeldTask(Guid taskId) => page.Locator($"[data-testid=held-task][data-task='{taskId}']");
    public ILocator NextTask => page.GetByTestId("next-task");

    public async Task OpenAsync()
    {
        await page.GotoAsync(Path);
        await Blazor.WaitForInteractiveAsync(NextTask);
    }
}
