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
    public ILocator Strata => page.GetByTestId("quality-table");
    public ILocator Learning => page.GetByTestId("step-learning");
    public ILocator LearningCurve => Learning.GetByTestId("learning-curve");
    public ILocator ModelCalibration => Learning.GetByTestId("calibration-chart");
    public ILocator Retrain => Learning.GetByTestId("retrain");

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

    /// <summary>Selects the step's row in the strata table; the charts and the learning agent below follow it.</summary>
    public async Task SelectStepAsync(string stepName)
    {
        var row = Strata.Locator("tbody tr", new() { HasText = stepName }).First;
        await Blazor.WaitForInteractiveAsync(row);
        await row.ClickAsync();
        await Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-selected-item"));
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
    public static Task SetAsync(BoardAgentsPage agents, string agentKey, double degrade) =>
        AgentDialog.EditAsync(agents, agentKey, dialog => dialog.Locator("input[data-testid=agent-degrade], [data-testid=agent-degrade] input").First,
            degrade.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The agent profile dialog on /agents: one field changed, then saved.</summary>
public static class AgentDialog
{
    public static async Task EditAsync(BoardAgentsPage agents, string agentKey, Func<ILocator, ILocator> field, string value)
    {
        var edit = agents.Row(agentKey).GetByTestId("edit");
        await Blazor.WaitForInteractiveAsync(edit);
        await edit.ClickAsync();
        var input = field(agents.Page.Locator(".mud-dialog"));
        await input.FillAsync(value);
        await input.BlurAsync();
        await agents.Page.GetByTestId("agent-save").ClickAsync();
        await Expect(agents.Page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }

    /// <summary>The settings JSON, the dialog's only multi-line field.</summary>
    public static Task SetSettingsAsync(BoardAgentsPage agents, string agentKey, string json) =>
        EditAsync(agents, agentKey, dialog => dialog.Locator("textarea").First, json);
}
