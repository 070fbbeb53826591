namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/agents: the agent profiles with pause and resume, the orchestrator's other console page beside the board.</summary>
public sealed class BoardAgentsPage(IPage page)
{
    public const string Path = "/agents";

    public IPage Page => page;
    public ILocator List => page.GetByTestId("agent-list");
    public ILocator Row(string agentKey) => List.Locator("tr", new() { HasText = agentKey });
    public ILocator Status(string agentKey) => Row(agentKey).GetByTestId("agent-status");
    public ILocator Pause(string agentKey) => Row(agentKey).GetByTestId("pause");
    public ILocator Resume(string agentKey) => Row(agentKey).GetByTestId("resume");

    public async Task OpenAsync()
    {
        await page.GotoAsync(Path);
        await Blazor.WaitForInteractiveAsync(page.GetByTestId("new-agent"));
        await List.WaitForAsync();
    }
}
