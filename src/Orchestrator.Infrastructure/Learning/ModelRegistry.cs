using System.Collections.Concurrent;
using Microsoft.ML;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Learning;

/// <summary>Model files on disk (under the data folder's "models") and the versions loaded from them, loaded once per process.</summary>
public sealed class ModelRegistry(LearningOptions options)
{
    private readonly ConcurrentDictionary<Guid, Lazy<StepModel>> _loaded = new();
    private readonly MLContext _ml = new(0);

    public string Root => options.ModelsFolder;

    public static string RelativeFolder(string profileKey, string workflowKey, string stepKey, int number) =>
        Path.Combine(Safe(profileKey), Safe(workflowKey), Safe(stepKey), $"v{number}");

    public string FullPath(string relative) => Path.Combine(Root, relative);

    /// <summary>The version's model, loaded from its files the first time; throws when they are missing or unreadable.</summary>
    public StepModel Get(ModelVersion version, StepDefinition step)
    {
        var lazy = _loaded.GetOrAdd(version.Id, _ => new Lazy<StepModel>(() => Load(version, step)));
        try { return lazy.Value; }
        catch { _loaded.TryRemove(version.Id, out _); throw; }
    }

    /// <summary>Writes a freshly trained model to a temporary folder, then moves it into place whole: no half-written version.</summary>
    public void Save(StepModel model, string relative)
    {
        var final = FullPath(relative);
        var temp = final + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            model.Save(_ml, temp);
            if (Directory.Exists(final)) Directory.Delete(final, true);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            Directory.Move(temp, final);
        }
        finally { if (Directory.Exists(temp)) Directory.Delete(temp, true); }
    }

    public void Delete(string relative)
    {
        var folder = FullPath(relative);
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
    }

    private StepModel Load(ModelVersion version, StepDefinition step)
    {
        var fields = version.Fields.Select(key => step.Outputs.FirstOrDefault(f => f.Key == key)
            ?? throw new InvalidDataException($"The step no longer has the output '{key}' the model answers.")).ToList();
        try { return StepModel.Load(_ml, FullPath(version.ModelPath), version.Features, version.Calibration, fields); }
        catch (Exception ex) when (ex is not FileNotFoundException and not InvalidDataException)
        {
            throw new InvalidDataException($"The model file of version {version.Number} cannot be read: {ex.Message}", ex);
        }
    }

    private static string Safe(string key) => new(key.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
