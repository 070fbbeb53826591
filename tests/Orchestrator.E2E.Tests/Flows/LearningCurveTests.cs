using System.Text.RegularExpressions;
using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>
/// The learning agent on the Quality page, over a short demo history: the orchestrator lets the triage learner train on
/// little data (one example per answer, 60% held out to calibrate and measure), retrains it from the Quality page, and the
/// new version arrives live as a point on the learning curve, with the champion's calibration chart and its error beside it.
/// </summary>
public sealed class LearningCurveTests(DemoHistoryAppFixture app) : IClassFixture<DemoHistoryAppFixture>
{
    private const string Learner = "learn-triage";
    private const string Triage = "Intake and triage";
    private const string SmallDataSettings = """{"steps":["auto-claims/intake"],"minPerClass":1,"heldOutShare":0.6,"autoPromote":true,"promotionMargin":0.02}""";

    [Fact]
    public async Task Retrain_FromTheQualityPage_AddsAVersionToTheLearningCurve_BesideTheChampionsCalibration()
    {
        await using var dana = await app.SignInAsync(DemoUsers.Dana);
        var agents = new BoardAgentsPage(dana.Page);
        await agents.OpenAsync();
        await AgentDialog.SetSettingsAsync(agents, Learner, SmallDataSettings);

        var quality = new QualityPage(dana.Page);
        await quality.OpenAsync();
        // Triage's learner may have no reviewed answers yet (no row in the table); its learning section shows all the same.
        await Expect(quality.Learning).ToContainTextAsync($"{Triage} · {Learner}");
        // The history may have trained versions already; the retrain adds the next one.
        var before = await quality.LearningCurve.CountAsync() == 0 ? 0
            : Regex.Matches(await quality.LearningCurve.InnerTextAsync(), @"v(\d+)").Max(m => int.Parse(m.Groups[1].Value));
        await Blazor.WaitForInteractiveAsync(quality.Retrain);
        await quality.Retrain.ClickAsync();

        var next = $"v{before + 1}";
        await Expect(quality.LearningCurve).ToContainTextAsync(next, new() { Timeout = 30_000 });
        await Expect(quality.LearningCurve.GetByTestId("champion-summary")).ToContainTextAsync(new Regex(@"Champion v\d+: \d+\.\d"));
        Assert.True(await quality.LearningCurve.Locator("svg circle").CountAsync() >= 3 * (before + 1), "one marker per version on each of the three series");
        await Expect(quality.LearningCurve).ToContainTextAsync(new Regex(@"v\d+★"));
        await Expect(quality.ModelCalibration).ToContainTextAsync("Model calibration · v");
        await Expect(quality.ModelCalibration.GetByTestId("model-ece")).ToHaveTextAsync(new Regex(@"^[01]\.\d{3}$"));
        Assert.True(await quality.ModelCalibration.Locator("svg circle").CountAsync() >= 2, "measured and stated confidence in at least one band");

        // Over time, the new version is the one trained today.
        await quality.LearningCurve.GetByText("Over time").ClickAsync();
        await Expect(quality.LearningCurve).ToContainTextAsync($"{DateTime.UtcNow:d MMM} {next}");
        await Screenshots.SaveAsync(dana.Page, "quality-learning-curve");
    }
}
