using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/quality: accuracy per step and agent, and the breaches with acknowledge and revert.</summary>
public sealed class QualityPage(IPage page)
{
    public const string Path = "/quality";

    public IPage Page => page;
    public ILocator SampleNow => page.GetByTestId("sample-now");
    public ILocator Breaches => page.GetByTestId("breach");
    public ILocator OpenBreach(string text) => Breaches.Filter(new() { HasText = text, Has = page.GetByTestId("breach-revert") });

    public async Task OpenAsync()
    {
        await page.GotoAsync(Path);
        await Blazor.WaitForInteractiveAsync(SampleNow);
    }

    /// <summary>Runs the sampler now, as the scheduled job would, and waits for its answer.</summary>
    public async Task SampleAsync()
    {
        await SampleNow.ClickAsync();
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "review task" })).ToHaveCountAsync(1);
    }

    public async Task RevertAsync(string text)
    {
        var revert = OpenBreach(text).GetByTestId("breach-revert");
        await Blazor.WaitForInteractiveAsync(revert);
        await revert.ClickAsync();
        await Expect(OpenBreach(text)).ToHaveCountAsync(0);
    }
}

/// <summary>The agent profile dialog on /agents, for a simulated agent's degrade setting.</summary>
public static class AgentDegrade
{
    public static async Task SetAsync(BoardAgentsPage agents, string agentKey, double degrade)
    {
        var edit = agents.Row(agentKey).GetByTestId("edit");
        await Blazor.WaitForInteractiveAsync(edit);
        await edit.ClickAsync();
        var field = agents.Page.Locator(".mud-dialog").Locator("input[data-testid=agent-degrade], [data-testid=agent-degrade] input").First;
        await field.FillAsync(degrade.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await field.BlurAsync();
        await agents.Page.GetByTestId("agent-save").ClickAsync();
        await Expect(agents.Page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }
}
