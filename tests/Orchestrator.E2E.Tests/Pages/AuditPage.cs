namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/audit: every state change, newest first, with filters.</summary>
public sealed class AuditPage(IPage page)
{
    public const string Path = "/audit";

    public IPage Page => page;
    public ILocator Table => page.GetByTestId("audit-table");
    public ILocator SubjectFilter => page.GetByLabel("Subject");

    public async Task OpenAsync()
    {
        await page.GotoAsync(Path);
        await Blazor.WaitForInteractiveAsync(page.GetByTestId("export"));
    }

    /// <summary>Types into the Subject filter (an id or the start of one) and waits for the table to show only that subject.</summary>
    public async Task FilterBySubjectAsync(string subject)
    {
        await Blazor.WaitForInteractiveAsync(SubjectFilter);
        await SubjectFilter.FillAsync(subject);
        await Expect(Table.Locator("tbody tr").First).ToContainTextAsync(subject[..8], new() { Timeout = 10_000 });
    }
}
