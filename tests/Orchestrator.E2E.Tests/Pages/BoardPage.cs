using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/board: the live board per step, its staffing dialog and the open tasks of a selected step with bulk rebalancing.</summary>
public sealed class BoardPage(IPage page)
{
    public const string Path = "/board";

    public IPage Page => page;
    public ILocator StepBoard => page.GetByTestId("step-board");
    public ILocator StaffingButton(string stepKey) => page.Locator($"[data-testid=staffing][data-step='{stepKey}']");
    /// <summary>The board row of a step (found by its staffing button).</summary>
    public ILocator StepRow(string stepKey) => StepBoard.Locator("tr", new() { Has = StaffingButton(stepKey) });
    public ILocator ShareBar(string stepKey) => StepRow(stepKey).GetByTestId("share");

    public ILocator Dialog => page.Locator(".mud-dialog");
    /// <summary>The share slider's range input (the test id may sit on the input or on the slider around it).</summary>
    public ILocator ShareSlider => Dialog.Locator("input[type=range][data-testid=share-slider], [data-testid=share-slider] input[type=range]").First;
    public ILocator ShareValue => Dialog.GetByTestId("share-value");
    public ILocator SaveStaffing => Dialog.GetByTestId("save-staffing");

    public ILocator StepTasks => page.GetByTestId("step-tasks");
    public ILocator OpenTasks => page.GetByTestId("open-tasks");
    public ILocator TaskRow(Guid taskId) => OpenTasks.Locator("tr", new() { Has = page.Locator($"[data-task='{taskId}']") });
    public ILocator AssignPerson => page.GetByTestId("assign-person");
    public ILocator Assign => page.GetByTestId("assign");
    public ILocator ToQueue => page.GetByTestId("to-queue");

    private ILocator OpenOptions => page.Locator(".mud-popover-open .mud-list-item");

    /// <summary>Opens the board and waits until the step's staffing button answers clicks.</summary>
    public async Task OpenAsync(string stepKey)
    {
        await page.GotoAsync(Path);
        await Blazor.WaitForInteractiveAsync(StaffingButton(stepKey));
    }

    /// <summary>Opens the staffing dialog of the step, moves the agent share with the keyboard to <paramref name="share"/> and applies it.</summary>
    public async Task SetAgentShareAsync(string stepKey, int share)
    {
        await StaffingButton(stepKey).ClickAsync();
        await Blazor.WaitForInteractiveAsync(SaveStaffing);
        await Blazor.WaitForInteractiveAsync(ShareSlider);
        await ShareSlider.FocusAsync();
        for (var presses = 0; ; presses++)
        {
            var current = int.Parse(await ShareSlider.InputValueAsync());
            if (current == share) break;
            Assert.True(presses < 25, $"The share slider did not reach {share} with the keyboard (it shows {current}).");
            await ShareSlider.PressAsync(current < share ? "ArrowRight" : "ArrowLeft");
        }
        await Expect(ShareValue).ToHaveTextAsync($"{share} %", new() { Timeout = 3000 });
        await SaveStaffing.ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0, new() { Timeout = 5000 });
        await Expect(StepRow(stepKey)).ToContainTextAsync($"Hybrid {share}%", new() { Timeout = 5000 });
    }

    /// <summary>Clicks the step's row (not its staffing button) and waits for its open tasks.</summary>
    public async Task SelectStepAsync(string stepKey)
    {
        var cell = StepRow(stepKey).Locator("[data-col=queued]");
        await Blazor.WaitForInteractiveAsync(StepRow(stepKey));
        await cell.ClickAsync();
        await page.ExplainingFailureAsync($"Opening the tasks of step {stepKey}", () => OpenTasks.WaitForAsync(new() { Timeout = 10_000 }));
    }

    /// <summary>Ticks the task's row in the open tasks; fails when the task is not on the first page.</summary>
    public async Task SelectTaskAsync(Guid taskId)
    {
        var row = TaskRow(taskId);
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 5000 });
        var box = row.Locator("input[type=checkbox]");
        await Blazor.WaitForInteractiveAsync(box);
        await box.CheckAsync();
        await Expect(box).ToBeCheckedAsync();
        await Expect(page.GetByTestId("rebalance")).ToContainTextAsync("1 selected", new() { Timeout = 3000 });
    }

    /// <summary>Picks the person in the rebalance bar (one more try when the click lands while the popover is still moving).</summary>
    public async Task ChoosePersonAsync(string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            // MudSelect wires its handlers around the combobox, not on it: the panel is live once its checkboxes were.
            await AssignPerson.ClickAsync();
            await OpenOptions.First.WaitForAsync();
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('.mud-popover-open')].every(p => p.getAnimations({ subtree: true }).length === 0)",
                null, new() { PollingInterval = 50, Timeout = 5000 });
            await OpenOptions.Filter(new() { HasText = name }).First.ClickAsync();
            await Expect(OpenOptions).ToHaveCountAsync(0);
            try
            {
                await Expect(AssignPerson).ToContainTextAsync(name, new() { Timeout = attempt < 2 ? 1000 : 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 2)
            {
                await Screenshots.SaveAsync(page, "board-assign-person-missed");
            }
        }
    }
}
