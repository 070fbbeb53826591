using Orchestrator.Domain.Common;

namespace Orchestrator.Domain.Learning;

public enum ModelVersionStatus { Challenger, Champion, Retired, Unusable }

/// <summary>Held-out measures of one trained model version.</summary>
public sealed record ModelMetrics
{
    /// <summary>Held-out examples whose every learned field was right.</summary>
    public int Correct { get; init; }
    /// <summary>Held-out examples measured: the whole held-out slice (its calibration half and its test half).</summary>
    public int Tested { get; init; }
    public double Accuracy => Tested == 0 ? 0 : (double)Correct / Tested;
    /// <summary>Accuracy of always answering the most common label, on the same slice.</summary>
    public double MajorityBaseline { get; init; }
    public IReadOnlyDictionary<string, double> FieldAccuracy { get; init; } = new Dictionary<string, double>();
    /// <summary>Held-out examples the confidence was calibrated on; the calibration curve and error are measured on the rest.</summary>
    public int CalibrationExamples { get; init; }
    /// <summary>Labels not among the field's choices, left out of training.</summary>
    public int IgnoredLabels { get; init; }
    public double TrainingSeconds { get; init; }
}

/// <summary>
/// One trained learning-agent model for one step: an agent version. Stored with what it learned from and how it
/// measured on held-out data; exactly one version per profile and step is the champion that serves.
/// </summary>
public sealed class ModelVersion
{
    private ModelVersion() { ProfileKey = ""; WorkflowKey = ""; StepKey = ""; Trainer = ""; ModelPath = ""; MetricsJson = "{}"; CalibrationJson = "{}"; CurveJson = "[]"; FieldsJson = "[]"; FeaturesJson = "{}"; }

    public Guid Id { get; private set; }
    public string ProfileKey { get; private set; }
    public string WorkflowKey { get; private set; }
    public string StepKey { get; private set; }
    public int Number { get; private set; }
    public int TrainingSize { get; private set; }
    public DateTime DataFrom { get; private set; }
    public DateTime DataTo { get; private set; }
    public string Trainer { get; private set; }
    public double Accuracy { get; private set; }
    public double Ece { get; private set; }
    public string MetricsJson { get; private set; }
    /// <summary>The fitted map from raw to calibrated confidence (<see cref="Learning.Calibration"/>).</summary>
    public string CalibrationJson { get; private set; }
    /// <summary>The held-out reliability curve (<see cref="CalibrationBand"/> list).</summary>
    public string CurveJson { get; private set; }
    /// <summary>The learned output fields, in order.</summary>
    public string FieldsJson { get; private set; }
    /// <summary>The input layout the model reads (<see cref="FeatureLayout"/>).</summary>
    public string FeaturesJson { get; private set; }
    /// <summary>The folder of the model files, relative to the models folder.</summary>
    public string ModelPath { get; private set; }
    public ModelVersionStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? PromotedAt { get; private set; }
    public string? PromotedBy { get; private set; }

    public bool IsChampion => Status == ModelVersionStatus.Champion;
    public ModelMetrics Metrics => DomainJson.Deserialize<ModelMetrics>(MetricsJson);
    public Calibration Calibration => DomainJson.Deserialize<Calibration>(CalibrationJson);
    public IReadOnlyList<CalibrationBand> Curve => DomainJson.Deserialize<List<CalibrationBand>>(CurveJson);
    public IReadOnlyList<string> Fields => DomainJson.Deserialize<List<string>>(FieldsJson);
    public FeatureLayout Features => DomainJson.Deserialize<FeatureLayout>(FeaturesJson);
    public Quality.Proportion AccuracyInterval => Quality.Proportion.Of(Metrics.Correct, Metrics.Tested);

    /// <summary>
    /// How often the answers it gives at a step with this confidence threshold are right: its held-out test answers whose
    /// calibrated confidence (by band) is at or above the threshold; those below it go to people, not to the outcome.
    /// </summary>
    public Quality.Proportion AnsweredInterval(double threshold)
    {
        var answered = Curve.Where(b => b.MeanConfidence >= threshold).ToList();
        return Quality.Proportion.Of((int)Math.Round(answered.Sum(b => b.Count * b.Accuracy)), answered.Sum(b => b.Count));
    }

    public static ModelVersion Create(Guid id, string profileKey, string workflowKey, string stepKey, int number, int trainingSize, DateTime from, DateTime to,
        string trainer, ModelMetrics metrics, Calibration calibration, IReadOnlyList<CalibrationBand> curve, double ece,
        IReadOnlyList<string> fields, FeatureLayout features, string modelPath, DateTime now)
    {
        if (number < 1) throw new DomainException("model.invalid", "A model version number starts at 1.");
        if (trainingSize < 1) throw new DomainException("model.invalid", "A model needs training examples.");
        return new ModelVersion
        {
            Id = id, ProfileKey = profileKey, WorkflowKey = workflowKey, StepKey = stepKey, Number = number, TrainingSize = trainingSize,
            DataFrom = from, DataTo = to, Trainer = trainer, Accuracy = Math.Round(metrics.Accuracy, 4), Ece = Math.Round(ece, 4),
            MetricsJson = DomainJson.Serialize(metrics), CalibrationJson = DomainJson.Serialize(calibration), CurveJson = DomainJson.Serialize(curve),
            FieldsJson = DomainJson.Serialize(fields), FeaturesJson = DomainJson.Serialize(features), ModelPath = modelPath,
            Status = ModelVersionStatus.Challenger, CreatedAt = now,
        };
    }

    public void Promote(string by, DateTime now)
    {
        if (Status != ModelVersionStatus.Challenger)
            throw new DomainException("model.illegal-transition", $"Only a challenger can be promoted; version {Number} is {Status}.");
        Status = ModelVersionStatus.Champion;
        PromotedAt = now;
        PromotedBy = by;
        StatusReason = null;
    }

    /// <summary>The champion steps down when another version is promoted.</summary>
    public void Retire(string reason)
    {
        if (Status != ModelVersionStatus.Champion)
            throw new DomainException("model.illegal-transition", $"Only the champion can step down; version {Number} is {Status}.");
        Status = ModelVersionStatus.Retired;
        StatusReason = reason;
    }

    /// <summary>Its files are missing or unreadable: it can never serve again.</summary>
    public void MarkUnusable(string reason)
    {
        Status = ModelVersionStatus.Unusable;
        StatusReason = reason;
    }
}

/// <summary>Which inputs a model reads and how: text fields featurized, numbers as features, choices and yes/no as tokens.</summary>
public sealed record FeatureLayout
{
    public IReadOnlyList<string> Text { get; init; } = [];
    public IReadOnlyList<string> Numbers { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Numbers also read as magnitude bands (tokens), so a linear model can learn thresholds. Off for models trained before bands existed.</summary>
    public bool NumberBands { get; init; }
}
