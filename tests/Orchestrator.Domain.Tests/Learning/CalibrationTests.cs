using Orchestrator.Domain.Learning;

namespace Orchestrator.Domain.Tests.Learning;

public sealed class CalibrationTests
{
    /// <summary>An over-confident model: says s, is right with probability s². Seeded, so the test is fixed.</summary>
    private static List<(double Score, bool Right)> OverConfident(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var s = 0.5 + random.NextDouble() * 0.5;
            return (s, random.NextDouble() < s * s);
        }).ToList();
    }

    [Fact]
    public void Fit_BringsAnOverConfidentModel_WithinFivePointsOfCalibration_OnHeldOutData()
    {
        var fit = OverConfident(3000, 1);
        var heldOut = OverConfident(3000, 2);
        var raw = heldOut.Select(o => (o.Score, o.Right)).ToList();

        var calibration = Calibration.Fit(fit);
        var calibrated = heldOut.Select(o => (calibration.Apply(o.Score), o.Right)).ToList();

        Assert.True(Calibration.ExpectedError(raw) > 0.1, $"raw ECE {Calibration.ExpectedError(raw):F3}");
        Assert.True(Calibration.ExpectedError(calibrated) <= 0.05, $"calibrated ECE {Calibration.ExpectedError(calibrated):F3}");
    }

    /// <summary>An under-confident model, like a learner's product of two fields' probabilities: says s, is right with probability √s.</summary>
    private static List<(double Score, bool Right)> UnderConfident(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var s = 0.2 + random.NextDouble() * 0.8;
            return (s, random.NextDouble() < Math.Sqrt(s));
        }).ToList();
    }

    [Fact]
    public void Fit_OnAFewDozenHeldOutExamples_IsCloserToTheTruthThanIsotonicSteps()
    {
        var truth = UnderConfident(3000, 100);
        double sigmoid = 0, isotonic = 0;
        for (var seed = 1; seed <= 20; seed++)
        {
            var few = UnderConfident(60, seed);
            sigmoid += Calibration.ExpectedError(truth.Select(o => (Calibration.Fit(few).Apply(o.Score), o.Right)).ToList());
            isotonic += Calibration.ExpectedError(truth.Select(o => (Calibration.Isotonic(few).Apply(o.Score), o.Right)).ToList());
        }

        Assert.True(sigmoid < isotonic, $"mean ECE sigmoid {sigmoid / 20:F3}, isotonic {isotonic / 20:F3}");
        Assert.True(sigmoid / 20 <= 0.06, $"mean ECE sigmoid {sigmoid / 20:F3}");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(3000)]
    public void Fit_IsMonotone_AndStaysInsideZeroAndOne_WhateverTheSize(int examples)
    {
        var calibration = Calibration.Fit(UnderConfident(examples, 4));
        var values = Enumerable.Range(0, 101).Select(i => calibration.Apply(i / 100.0)).ToList();

        Assert.All(values, v => Assert.InRange(v, 0, 1));
        Assert.All(values.Zip(values.Skip(1)), p => Assert.True(p.Second >= p.First - 1e-12));
    }

    [Fact]
    public void Fit_IsMonotone_AndStaysInsideZeroAndOne()
    {
        var calibration = Calibration.Fit(OverConfident(500, 3));
        var values = Enumerable.Range(0, 101).Select(i => calibration.Apply(i / 100.0)).ToList();

        Assert.All(values, v => Assert.InRange(v, 0, 1));
        Assert.All(values.Zip(values.Skip(1)), p => Assert.True(p.Second >= p.First - 1e-12));
    }

    [Fact]
    public void ExpectedError_IsZero_WhenConfidenceMatchesAccuracyInEveryBand()
    {
        var outcomes = Enumerable.Range(0, 10).Select(i => (0.85, i < 8 || i == 9)).Select(o => (o.Item1, o.Item2)).ToList()
            .Concat(Enumerable.Range(0, 4).Select(i => (0.55, i < 2))).ToList();
        // 9 of 10 right at 0.85 is off by 0.05; 2 of 4 at 0.55 is off by 0.05.
        Assert.Equal(0.05, Calibration.ExpectedError(outcomes), 6);
        Assert.Equal(0, Calibration.ExpectedError([(0.75, true), (0.75, true), (0.75, true), (0.75, false)]), 6);
    }

    [Fact]
    public void Bands_CountEveryOutcomeOnce()
    {
        var bands = Calibration.Bands([(0.05, false), (0.95, true), (1.0, true), (0.51, false)]);

        Assert.Equal(4, bands.Sum(b => b.Count));
        Assert.Equal(0.9, bands[^1].From, 6);
        Assert.Equal(2, bands[^1].Count);
    }
}
