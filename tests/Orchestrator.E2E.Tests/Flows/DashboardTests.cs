using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>Eli, a manager, reads the demo's outcome dashboard: figures, steps, the advisor and a CSV export.</summary>
[Collection(AppCollection.Name)]
public sealed class DashboardTests(AppFixture app)
{
    private static readonly string[] DemoSteps = ["Intake and triage", "Document extraction", "Coverage check", "Fraud screen", "Settlement decision", "Customer letter"];

    [Fact]
    public async Task Dashboard_ShowsDemoFigures_StepsAdvisorAndCsv()
    {
        await using var eli = await app.SignInAsync(DemoUsers.Eli);
        var dashboard = new DashboardsPage(eli.Page);
        await dashboard.OpenAsync();

        await Expect(dashboard.Kpi("Outcomes completed")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d"));
        // The demo's 30 cases are open (no crew works them here); agent share shows once an agent has finished a step.
        await Expect(dashboard.Kpis).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"[1-9]\d* cases open now"));
        await Expect(dashboard.Kpi("Agent share")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(\d+%|—)$"));
        await Screenshots.SaveAsync(eli.Page, "dashboard-outcomes");

        await dashboard.ShowTabAsync("Steps and agents");
        foreach (var step in DemoSteps) await Expect(dashboard.StepCosts).ToContainTextAsync(step);

        await dashboard.ShowTabAsync("Automation advisor");
        await Expect(dashboard.AdvisorInputs).ToHaveCountAsync(DemoSteps.Length);
        await Expect(dashboard.AdvisorInputs.First).ToContainTextAsync("tasks/month");

        var (status, csv) = await dashboard.CsvAsync("steps", "auto-claims");
        Assert.Equal(200, status);
        Assert.StartsWith("step,completed,agent_share", csv);
        Assert.Contains("Document extraction", csv);
    }
}
