using Orchestrator.Domain.Learning;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Web.Features.Quality;

namespace Orchestrator.Web.Tests.Features.Quality;

public class StepLearningSectionTests : MudTestContext
{
    private static readonly DateTime Monday = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    private static ModelVersionView Version(int number, int trainingSize, double accuracy, bool champion, double ece, DateTime trainedAt) =>
        new(Guid.NewGuid(), "learn-triage", number, champion ? "Champion" : "Challenger", champion, trainingSize, Monday.AddDays(-30), trainedAt,
            StepModelTrainer.TrainerName, accuracy, accuracy - 0.1, accuracy + 0.1, 40, 0.3, ece,
            [new CalibrationBand(0.5, 0.7, 12, 0.62, 0.58), new CalibrationBand(0.7, 0.9, 20, 0.81, 0.85), new CalibrationBand(0.9, 1.0, 8, 0.94, 0.875)],
            trainedAt, champion ? trainedAt : null, null, null);

    private static StepLearningView Learning(params ModelVersionView[] versions) =>
        new("auto-claims", "intake", "learn-triage", true, 5, versions, versions.Length == 0 ? "Not enough labelled data: Claim type has fewer than 5 examples of 'theft' (2)." : null);

    private IRenderedComponent<StepLearningSection> RenderSection(StepLearningView learning, Action? onRetrain = null) =>
        Render<StepLearningSection>(p => p.Add(x => x.Learning, learning).Add(x => x.StepName, "Intake and triage")
            .Add(x => x.OnRetrain, () => onRetrain?.Invoke()));

    [Fact]
    public void WithVersions_DrawsOnePointPerVersion_MarksTheChampion_AndShowsItsCalibration()
    {
        var cut = RenderSection(Learning(
            Version(3, 400, 0.81, false, 0.071, Monday.AddDays(14)), Version(2, 250, 0.78, true, 0.043, Monday.AddDays(7)), Version(1, 120, 0.64, false, 0.09, Monday)));

        var curve = cut.Find("[data-testid='learning-curve']");
        Assert.Contains("120 v1", curve.TextContent);
        Assert.Contains("250 v2★", curve.TextContent);
        Assert.Contains("400 v3", curve.TextContent);
        Assert.Matches(@"Champion v2: 78\.0\s?%", cut.Find("[data-testid='champion-summary']").TextContent);
        var calibration = cut.Find("[data-testid='calibration-chart']");
        Assert.Contains("v2 (champion)", calibration.TextContent);
        Assert.Equal("0.043", cut.Find("[data-testid='model-ece']").TextContent);
        Assert.Contains("70–90", calibration.TextContent);
        Assert.Empty(cut.FindAll("[data-testid='empty-state']"));
    }

    [Fact]
    public void OverTime_OrdersTheVersionsByWhenTheyWereTrained()
    {
        // Trained later on fewer examples (older examples dropped): by examples v2 comes first, over time v1 does.
        var cut = RenderSection(Learning(Version(2, 100, 0.7, true, 0.05, Monday.AddDays(7)), Version(1, 200, 0.6, false, 0.05, Monday)));
        Assert.Matches("100 v2★.*200 v1", cut.Find("[data-testid='learning-curve']").TextContent);

        cut.FindAll("[data-testid='learning-curve-axis'] .mud-toggle-item")[1].Click();

        Assert.Matches("2 Nov v1.*9 Nov v2★", cut.Find("[data-testid='learning-curve']").TextContent);
    }

    [Fact]
    public void WithoutAModel_SaysWhatIsNeeded_WhyTheLastRunTrainedNothing_AndOffersRetrain()
    {
        var retrained = 0;
        var cut = RenderSection(Learning(), () => retrained++);

        Assert.Contains("No model trained yet", cut.Find("[data-testid='empty-state']").TextContent);
        Assert.Contains("at least 5 labelled examples of every answer", cut.Markup);
        Assert.Contains("'theft' (2)", cut.Find("[data-testid='last-not-trained']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='learning-curve']"));
        cut.Find("[data-testid='retrain']").Click();
        Assert.Equal(1, retrained);
    }

    [Fact]
    public void WithoutALearningAgent_SaysHowToGetOne_AndOffersNoRetrain()
    {
        var cut = RenderSection(new StepLearningView("auto-claims", "letter", null, false, 0, [], null));

        Assert.Contains("No learning agent learns Intake and triage", cut.Find("[data-testid='empty-state']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='retrain']"));
        Assert.Empty(cut.FindAll("[data-testid='calibration-chart']"));
    }
}
