using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>A trained step model with what was measured on the held-out slice.</summary>
public sealed record TrainedStepModel(StepModel Model, ModelMetrics Metrics, IReadOnlyList<CalibrationBand> Curve, double Ece, int TrainingSize, DateTime From, DateTime To);

/// <summary>Why no model was trained (too little data, too few classes).</summary>
public sealed class NotEnoughDataException(string message) : Exception(message);

/// <summary>
/// Trains one model per learnable output field of a step (ML.NET: text featurized, numbers normalized, category tokens,
/// SdcaMaximumEntropy), then calibrates the joint confidence on one half of the held-out slice and measures accuracy and
/// calibration error on the other half. Deterministic for the same examples and seed.
/// </summary>
public static class StepModelTrainer
{
    public const string TrainerName = "ML.NET SdcaMaximumEntropy (FeaturizeText, sigmoid or isotonic calibration)";

    public static TrainedStepModel Train(StepDefinition step, IReadOnlyList<LabelledExample> examples, LearningSettings settings, out int ignoredLabels)
    {
        var stopwatch = Stopwatch.StartNew();
        var fields = LearningTargets.Fields(step);
        if (fields.Count == 0) throw new NotEnoughDataException($"Step '{step.Name}' has no choice or yes/no output to learn.");
        // Only examples whose every learned field has a valid label are used; the rest are counted in the run's report.
        var usable = examples.Where(e => fields.All(f => LearningTargets.Label(f, e.Output[f.Key]) is not null)).ToList();
        ignoredLabels = examples.Count - usable.Count;

        var heldOutSlots = (int)Math.Round(Math.Clamp(settings.HeldOutShare, 0.1, 0.6) * 1000);
        var train = usable.Where(e => e.Slot >= heldOutSlots).ToList();
        var calibrate = usable.Where(e => e.Slot < heldOutSlots / 2).ToList();
        var test = usable.Where(e => e.Slot >= heldOutSlots / 2 && e.Slot < heldOutSlots).ToList();
        CheckEnough(step, fields, train, calibrate, test, settings.MinPerClass);

        var ml = new MLContext(settings.Seed);
        var layout = ModelRows.Layout(step, train.Select(e => e.Input));
        var schema = ModelRows.Schema(layout);
        var models = fields.Select(f => (f, Fit(ml, schema, layout, f, train))).ToList();
        var model = new StepModel(ml, layout, Calibration.Identity, models);

        var calibration = Calibration.Fit(calibrate.Select(e => Score(model, fields, e)).ToList());
        model.Calibration = calibration;
        // Accuracy on the whole held-out slice: calibration rescales the confidence, never the answer, so the calibration
        // half measures accuracy as honestly as the test half, and twice the examples narrow the interval the advisor reads.
        // How well the confidence is calibrated is measured on the test half alone.
        var measured = calibrate.Concat(test).Select(e => (Prediction: model.Predict(e.Input), Example: e)).ToList();
        var right = measured.Select(m => AllRight(fields, m.Prediction.Output, m.Example.Output)).ToList();
        var outcomes = measured.Skip(calibrate.Count).Select((m, i) => (m.Prediction.Confidence, right[calibrate.Count + i])).ToList();
        var metrics = new ModelMetrics
        {
            Correct = right.Count(r => r),
            Tested = measured.Count,
            MajorityBaseline = Math.Round(MajorityBaseline(fields, train, [.. calibrate, .. test]), 4),
            FieldAccuracy = fields.ToDictionary(f => f.Key, f => Math.Round(measured.Average(m =>
                LearningTargets.Label(f, m.Prediction.Output[f.Key]) == LearningTargets.Label(f, m.Example.Output[f.Key]) ? 1.0 : 0.0), 4)),
            CalibrationExamples = calibrate.Count,
            IgnoredLabels = ignoredLabels,
            TrainingSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
        };
        return new TrainedStepModel(model, metrics, Calibration.Bands(outcomes), Calibration.ExpectedError(outcomes), train.Count,
            usable.Min(e => e.At), usable.Max(e => e.At));
    }

    public static bool AllRight(IReadOnlyList<FieldDefinition> fields, JsonObject predicted, JsonObject truth) =>
        fields.All(f => LearningTargets.Label(f, predicted[f.Key]) == LearningTargets.Label(f, truth[f.Key]));

    /// <summary>Accuracy on <paramref name="examples"/> of a loaded model, for comparing a champion with a challenger on the same slice.</summary>
    public static (int Correct, int Tested) Measure(StepModel model, IReadOnlyList<FieldDefinition> fields, IEnumerable<LabelledExample> examples)
    {
        int correct = 0, tested = 0;
        foreach (var e in examples)
        {
            tested++;
            if (AllRight(fields, model.Predict(e.Input).Output, e.Output)) correct++;
        }
        return (correct, tested);
    }

    /// <summary>The examples no model of the step trains on (slots are stable), where accuracy is measured.</summary>
    public static IEnumerable<LabelledExample> HeldOutSlice(IEnumerable<LabelledExample> examples, LearningSettings settings)
    {
        var heldOutSlots = (int)Math.Round(Math.Clamp(settings.HeldOutShare, 0.1, 0.6) * 1000);
        return examples.Where(e => e.Slot < heldOutSlots);
    }

    /// <summary>The held-out half that neither trains nor calibrates: where calibration is measured.</summary>
    public static IEnumerable<LabelledExample> TestSlice(IEnumerable<LabelledExample> examples, LearningSettings settings)
    {
        var heldOutSlots = (int)Math.Round(Math.Clamp(settings.HeldOutShare, 0.1, 0.6) * 1000);
        return examples.Where(e => e.Slot >= heldOutSlots / 2 && e.Slot < heldOutSlots);
    }

    private static (double, bool) Score(StepModel model, IReadOnlyList<FieldDefinition> fields, LabelledExample e)
    {
        var p = model.Predict(e.Input);
        return (p.RawConfidence, AllRight(fields, p.Output, e.Output));
    }

    private static ITransformer Fit(MLContext ml, Microsoft.ML.Data.SchemaDefinition schema, FeatureLayout layout, FieldDefinition field, IReadOnlyList<LabelledExample> train)
    {
        var rows = train.Select(e => ModelRows.From(layout, e.Input, LearningTargets.Label(field, e.Output[field.Key])!)).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(ModelRow.Label))
            // Words and word pairs; character n-grams multiply the features (and the training time) for little gain on short notices.
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options
                { CharFeatureExtractor = null, WordFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 2 } }, nameof(ModelRow.Text)))
            .Append(ml.Transforms.Text.FeaturizeText("CategoryFeatures",
                new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options { CharFeatureExtractor = null }, nameof(ModelRow.Categories)))
            .Append(ml.Transforms.NormalizeMeanVariance("NumberFeatures", nameof(ModelRow.Numbers)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "CategoryFeatures", "NumberFeatures"))
            // One thread: the same examples always give the same model.
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                { LabelColumnName = "Label", FeatureColumnName = "Features", NumberOfThreads = 1, MaximumNumberOfIterations = Passes(rows.Count) }))
            .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(ModelScore.PredictedLabelValue), "PredictedLabel"));
        return pipeline.Fit(data);
    }

    /// <summary>
    /// Passes over the data: a few hundred examples need many passes to converge (a fixed 30 left a small set's model far
    /// from its best: the claim type 59% right at 200 examples where 200 passes give 81%), a large set few; the work stays
    /// near 100,000 example updates, between 30 and 300 passes.
    /// </summary>
    public static int Passes(int examples) => Math.Clamp(100_000 / Math.Max(1, examples), 30, 300);

    private static void CheckEnough(StepDefinition step, IReadOnlyList<FieldDefinition> fields, IReadOnlyList<LabelledExample> train,
        IReadOnlyList<LabelledExample> calibrate, IReadOnlyList<LabelledExample> test, int minPerClass)
    {
        var problems = new List<string>();
        foreach (var field in fields)
        {
            var counts = train.GroupBy(e => LearningTargets.Label(field, e.Output[field.Key])!).ToDictionary(g => g.Key, g => g.Count());
            if (counts.Count < 2)
                problems.Add($"{field.DisplayName} has {(counts.Count == 0 ? "no labels" : $"only the answer '{counts.Keys.Single()}'")} so far");
            var thin = counts.Where(c => c.Value < minPerClass).Select(c => $"'{c.Key}' ({c.Value})").ToList();
            if (thin.Count > 0) problems.Add($"{field.DisplayName} has fewer than {minPerClass} examples of {string.Join(", ", thin)}");
        }
        if (calibrate.Count < 10 || test.Count < 10)
            problems.Add($"the held-out slice has {calibrate.Count + test.Count} examples; at least 20 are needed to calibrate and measure");
        if (problems.Count > 0)
            throw new NotEnoughDataException($"Not enough labelled data to train a model for '{step.Name}' ({train.Count} training examples): {string.Join("; ", problems)}.");
    }

    private static double MajorityBaseline(IReadOnlyList<FieldDefinition> fields, IReadOnlyList<LabelledExample> train, IReadOnlyList<LabelledExample> test)
    {
        if (test.Count == 0) return 0;
        var majority = fields.ToDictionary(f => f.Key, f => train.GroupBy(e => LearningTargets.Label(f, e.Output[f.Key])).MaxBy(g => g.Count())!.Key);
        return test.Average(e => fields.All(f => LearningTargets.Label(f, e.Output[f.Key]) == majority[f.Key]) ? 1.0 : 0.0);
    }
}
