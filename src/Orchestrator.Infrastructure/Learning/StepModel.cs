using System.Text.Json.Nodes;
using Microsoft.ML;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>What a step model answers: the output, the raw confidence (product of the fields' top probabilities) and the calibrated one.</summary>
public sealed record StepPrediction(JsonObject Output, double RawConfidence, double Confidence);

/// <summary>
/// A trained step model in memory: one ML.NET model per learned field, the input layout and the calibration.
/// ML.NET prediction engines are not thread-safe; each field's engine is used under its own lock (a prediction takes microseconds).
/// </summary>
public sealed class StepModel
{
    private readonly IReadOnlyList<(FieldDefinition Field, ITransformer Model, PredictionEngine<ModelRow, ModelScore> Engine)> _fields;

    internal StepModel(MLContext ml, FeatureLayout layout, Calibration calibration, IEnumerable<(FieldDefinition Field, ITransformer Model)> fields)
    {
        Layout = layout;
        Calibration = calibration;
        var schema = ModelRows.Schema(layout);
        _fields = fields.Select(f => (f.Field, f.Model, ml.Model.CreatePredictionEngine<ModelRow, ModelScore>(f.Model, inputSchemaDefinition: schema))).ToList();
    }

    public FeatureLayout Layout { get; }
    public Calibration Calibration { get; internal set; }
    public IEnumerable<FieldDefinition> Fields => _fields.Select(f => f.Field);
    internal IEnumerable<(FieldDefinition Field, ITransformer Model)> Models => _fields.Select(f => (f.Field, f.Model));

    public StepPrediction Predict(JsonObject input)
    {
        var row = ModelRows.From(Layout, input);
        var output = new JsonObject();
        var raw = 1.0;
        foreach (var (field, _, engine) in _fields)
        {
            ModelScore score;
            lock (engine) score = engine.Predict(row);
            raw *= score.Score.Length == 0 ? 0 : score.Score.Max();
            output[field.Key] = field.Type == FieldType.YesNo ? JsonValue.Create(score.PredictedLabelValue == "true") : JsonValue.Create(score.PredictedLabelValue);
        }
        return new StepPrediction(output, raw, Calibration.Apply(raw));
    }

    /// <summary>Saves one zip per field into <paramref name="folder"/>.</summary>
    public void Save(MLContext ml, string folder)
    {
        Directory.CreateDirectory(folder);
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<ModelRow>(), ModelRows.Schema(Layout)).Schema;
        foreach (var (field, model, _) in _fields)
            ml.Model.Save(model, schema, Path.Combine(folder, FileName(field.Key)));
    }

    public static StepModel Load(MLContext ml, string folder, FeatureLayout layout, Calibration calibration, IEnumerable<FieldDefinition> fields) =>
        new(ml, layout, calibration, fields.Select(f =>
        {
            var path = Path.Combine(folder, FileName(f.Key));
            if (!File.Exists(path)) throw new FileNotFoundException($"The model file for {f.DisplayName} is missing ({path}).", path);
            using var stream = File.OpenRead(path);
            return (f, ml.Model.Load(stream, out _));
        }).ToList());

    public static string FileName(string fieldKey) => $"{fieldKey}.zip";
}
