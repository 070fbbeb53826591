using System.Text.Json;

namespace Orchestrator.Domain.Learning;

/// <summary>Settings of a learning agent profile (its SettingsJson).</summary>
public sealed record LearningSettings
{
    /// <summary>Steps it learns ("workflow/step") besides those whose staffing already allows it.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];
    /// <summary>Below this many labelled examples of some class of a field, no model is trained.</summary>
    public int MinPerClass { get; init; } = 5;
    /// <summary>Share of the labelled examples held out: half to calibrate the confidence, half to measure.</summary>
    public double HeldOutShare { get; init; } = 0.3;
    /// <summary>Promote a challenger without a person when it beats the champion by the margin with 95% confidence.</summary>
    public bool AutoPromote { get; init; }
    public double PromotionMargin { get; init; } = 0.02;
    public int Seed { get; init; } = 7;

    public static LearningSettings Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new();
        try { return JsonSerializer.Deserialize<LearningSettings>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? new(); }
        catch (JsonException) { return new(); }
    }

    public IEnumerable<(string Workflow, string Step)> NamedSteps() =>
        Steps.Select(s => s.Split('/', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]));
}
