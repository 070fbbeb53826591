using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/workflows and /workflows/{key}/versions/{n}: create a workflow, build its draft step by step, publish it.</summary>
public sealed class WorkflowEditorPage(IPage page)
{
    public const string ListPath = "/workflows";

    public ILocator NewWorkflow => page.GetByTestId("new-workflow");
    public ILocator AddStep => page.GetByTestId("add-step");
    public ILocator Steps => page.GetByTestId("step-item");
    public ILocator Problems => page.GetByTestId("problems");
    public ILocator Publish => page.GetByTestId("publish");
    public ILocator Status => page.GetByTestId("version-status");

    public static string EditorPath(string key, int number) => $"/workflows/{key}/versions/{number}";

    /// <summary>Creates a workflow from the list page; the app opens its first draft.</summary>
    public async Task CreateAsync(string key, string name)
    {
        await page.GotoAsync(ListPath);
        await Blazor.WaitForInteractiveAsync(NewWorkflow);
        await NewWorkflow.ClickAsync();
        await page.GetByTestId("workflow-name").FillAsync(name);
        await page.GetByTestId("workflow-key").FillAsync(key);
        await Expect(page.GetByTestId("workflow-name")).ToHaveValueAsync(name);
        await Expect(page.GetByTestId("workflow-key")).ToHaveValueAsync(key);
        await page.GetByTestId("create-workflow").ClickAsync();
        await page.WaitForPathAsync(path => path == EditorPath(key, 1), $"the new workflow's draft {key} to open", 30_000);
        await Blazor.WaitForInteractiveAsync(AddStep);
    }

    /// <summary>Adds a step after the selected one, names it, and records why people keep it.</summary>
    public async Task AddHumanStepAsync(string name, string reason, string note)
    {
        var before = await Steps.CountAsync();
        await AddStep.ClickAsync();
        await Expect(Steps).ToHaveCountAsync(before + 1);
        await OpenTabAsync("Step");
        await FillAsync(page.GetByTestId("step-name"), name);
        await OpenTabAsync("Staffing");
        await ChooseReasonAsync(reason);
        await FillAsync(page.GetByTestId("keep-humans-note"), note);
        await Expect(Steps.Nth(before)).ToContainTextAsync(name);
    }

    /// <summary>Publishes the draft and confirms; the app goes to the workflow's page.</summary>
    public async Task PublishAsync(string key)
    {
        await Publish.ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Publish" }).ClickAsync();
        await page.WaitForPathAsync(path => path == $"/workflows/{key}", $"the published workflow {key} to open", 10_000);
    }

    /// <summary>The reason select shows its value as text, not in an input: open it, click the option, and see it shown.</summary>
    private async Task ChooseReasonAsync(string reason)
    {
        var select = page.GetByTestId("keep-humans-reason");
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = reason }).First;
        await select.ClickAsync();
        await option.WaitForAsync();
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-popover-open')].every(p => p.getAnimations({ subtree: true }).length === 0)",
            null, new() { PollingInterval = 50, Timeout = 5000 });
        await option.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-select", new() { Has = select }).Or(select).First).ToContainTextAsync(reason);
    }

    private Task OpenTabAsync(string name) => page.Locator(".mud-tab", new() { HasText = name }).First.ClickAsync();

    /// <summary>Types a value and leaves the field, which is when the editor takes it and validates again.</summary>
    private static async Task FillAsync(ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.PressAsync("Tab");
        await Expect(input).ToHaveValueAsync(value);
    }
}
