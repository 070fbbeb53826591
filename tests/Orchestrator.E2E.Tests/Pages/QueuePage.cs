namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/queue: the tasks the worker may claim, live.</summary>
public sealed class QueuePage(IPage page)
{
    public const string Path = "/queue";

    public IPage Page => page;
    public ILocator Table => page.GetByTestId("queue-table");
    public ILocator ClaimButtons => page.Locator("[data-testid=claim]");
    public ILocator NextTask => page.GetByTestId("next-task");
    public ILocator ClaimButton(Guid taskId) => page.Locator($"[data-testid=claim][data-task='{taskId}']");
    public ILocator Row(Guid taskId) => page.Locator("tr", new() { Has = ClaimButton(taskId) });

    /// <summary>Opens the queue (on another instance when given) and waits until it is live (its buttons answer clicks and it receives changes).</summary>
    public async Task OpenAsync(Uri? on = null)
    {
        await page.GotoAsync(on is null ? Path : new Uri(on, Path).ToString());
        await Blazor.WaitForInteractiveAsync(NextTask);
        await Table.WaitForAsync();
    }

    /// <summary>Ids of the waiting (not review, not trainee-only) tasks of these steps on this page of the queue.</summary>
    public async Task<IReadOnlyList<Guid>> WorkStepTaskIdsAsync(params string[] stepNames)
    {
        var ids = new List<Guid>();
        foreach (var row in await page.Locator("tr", new() { Has = ClaimButtons }).AllAsync())
        {
            var text = await row.InnerTextAsync();
            if (!stepNames.Any(s => text.Contains(s, StringComparison.Ordinal))) continue;
            if (text.Contains("Review", StringComparison.Ordinal) || text.Contains("Trainee", StringComparison.Ordinal)) continue;
            ids.Add(Guid.Parse((await row.Locator("[data-testid=claim]").GetAttributeAsync("data-task"))!));
        }
        return ids;
    }

    /// <summary>Shows only one step's work ("Step") or its reviews ("Review"), (rows of the others leave as the filter applies).</summary>
    public async Task ShowStepAsync(string stepKey, string kind)
    {
        var chip = page.Locator($"[data-testid=step-counts] [data-step='{stepKey}'][data-kind='{kind}']");
        await Blazor.WaitForInteractiveAsync(chip);
        await chip.ClickAsync();
    }

    /// <summary>Claims from the queue; the app opens the task.</summary>
    public async Task ClaimAsync(Guid taskId)
    {
        var button = ClaimButton(taskId);
        await Blazor.WaitForInteractiveAsync(button);
        await button.ClickAsync();
    }
}
