using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/tasks/{id}: the case context and the step's form, with the actions the viewer may take.</summary>
public sealed class TaskPage(IPage page)
{
    public static string PathOf(Guid taskId) => $"/tasks/{taskId}";

    public IPage Page => page;
    public ILocator StepName => page.Locator("h4").First;
    /// <summary>The case's external id (or the start of its id) in the header.</summary>
    public ILocator CaseReference => page.Locator("p:has-text('case') > span.mono").First;
    public ILocator Status => page.GetByTestId("task-status");
    public ILocator Form => page.GetByTestId("task-form");
    public ILocator Fields => Form.Locator("[data-field]");
    public ILocator Field(string key) => page.Locator($"[data-field='{key}']");
    public ILocator Complete => page.GetByTestId("complete");
    public ILocator Release => page.GetByTestId("release");
    public ILocator Escalate => page.GetByTestId("escalate");
    public ILocator ClaimHere => page.GetByTestId("claim-here");
    public ILocator TakenAlert => page.GetByTestId("taken-alert");
    public ILocator HeldByOther => page.GetByTestId("held-by-other");

    public ILocator AddComment => page.GetByTestId("comment-add");

    /// <summary>Opens the task and waits until the page is live (the comment button, shown in every state, answers clicks).</summary>
    public async Task OpenAsync(Guid taskId)
    {
        await page.GotoAsync(PathOf(taskId));
        await WaitUntilLiveAsync();
    }

    public Task WaitUntilLiveAsync() => Blazor.WaitForInteractiveAsync(AddComment);

    /// <summary>Waits until the holder's buttons answer clicks.</summary>
    public Task WaitUntilWorkableAsync() => Blazor.WaitForInteractiveAsync(Complete);

    /// <summary>A MudSelect: click the field, then the option (by text; null for the first) in the open popover.</summary>
    public Task<string> ChooseAsync(string key, string? option) => SelectAsync(Field(key), option);

    private Task<string> SelectAsync(ILocator input, string? option) => MudSelects.ChooseAsync(page, input, option);

    /// <summary>A yes/no field: one of its two radio buttons.</summary>
    public async Task AnswerAsync(string key, bool yes)
    {
        var radio = Field(key).Locator("label.mud-radio", new() { HasText = yes ? "Yes" : "No" });
        await radio.ClickAsync();
        await Expect(radio.Locator("input[type=radio]")).ToBeCheckedAsync();
    }

    /// <summary>A text, long text, number or money input.</summary>
    public async Task FillAsync(string key, string value)
    {
        await Field(key).FillAsync(value);
        await Expect(Field(key)).ToHaveValueAsync(value);
    }

    /// <summary>
    /// Fills every required field of whatever step this is: selects take their first option, yes/no fields "Yes",
    /// numbers and money 500, text a sentence. Returns what it entered, by field key.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> FillRequiredAsync()
    {
        var entered = new Dictionary<string, string>();
        var count = await Fields.CountAsync();
        Assert.True(count > 0, "The task form shows no fields.");
        var keys = new List<string>();
        for (var i = 0; i < count; i++) keys.Add((await Fields.Nth(i).GetAttributeAsync("data-field"))!);
        foreach (var key in keys)
        {
            // Pinned by key, not by position: a re-render between steps must not shift which element is worked on.
            var field = Form.Locator($"[data-field='{key}']");
            var label = await field.EvaluateAsync<string>(
                "el => el.getAttribute('aria-label') || (el.id && document.querySelector(`label[for='${el.id}']`)?.innerText) || el.innerText || ''");
            if (!label.Contains('*')) continue;
            var role = await field.GetAttributeAsync("role");
            var tag = await field.EvaluateAsync<string>("el => el.tagName.toLowerCase()");
            if (role == "combobox")
            {
                entered[key] = await SelectAsync(field, option: null);
            }
            else if (tag == "div")
            {
                await AnswerAsync(key, yes: true);
                entered[key] = "yes";
            }
            else if (role == "spinbutton")
            {
                await FillAsync(key, "500");
                entered[key] = "500";
            }
            else
            {
                await FillAsync(key, "Checked by the end-to-end test.");
                entered[key] = "text";
            }
        }
        return entered;
    }
}
