using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.Pages;

/// <summary>/dashboards: outcome KPIs and charts, steps and agents, and the automation advisor, one tab each.</summary>
public sealed class DashboardsPage(IPage page)
{
    public const string Path = "/dashboards";

    public IPage Page => page;
    public ILocator Kpis => page.GetByTestId("kpis");
    public ILocator Kpi(string label) => page.Locator($"[data-kpi='{label}']");
    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name });
    public ILocator StepCosts => page.GetByTestId("step-costs");
    public ILocator AdvisorInputs => page.GetByTestId("advisor").GetByTestId("advisor-inputs");

    public async Task OpenAsync()
    {
        await page.GotoAsync(Path);
        await Blazor.WaitForInteractiveAsync(Tab("Steps and agents"));
    }

    public async Task ShowTabAsync(string name) => await Tab(name).ClickAsync();

    /// <summary>Fetches a dashboard table as CSV with this browser's sign-in.</summary>
    public async Task<(int Status, string Body)> CsvAsync(string table, string workflow)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var response = await page.APIRequest.GetAsync($"/dashboards/export/{table}.csv?workflow={workflow}&from={today}&to={today}");
        return (response.Status, await response.TextAsync());
    }
}
