namespace Orchestrator.Domain.Workflows;

/// <summary>One step of a workflow version. Immutable: editing a draft replaces the step.</summary>
public sealed record StepDefinition
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public WorkKind Kind { get; init; } = WorkKind.Execution;
    public string Description { get; init; } = "";
    public IReadOnlyList<FieldDefinition> Inputs { get; init; } = [];
    public IReadOnlyList<FieldDefinition> Outputs { get; init; } = [];
    public IReadOnlyList<string> Skills { get; init; } = [];
    public int SlaMinutes { get; init; } = 240;
    /// <summary>What one wrong output costs the business, for the automation advisor.</summary>
    public decimal CostOfError { get; init; }
    public StaffingPolicy Staffing { get; init; } = new();
    public QualityPolicy Quality { get; init; } = new();
    public BranchRule? Branch { get; init; }

    /// <summary>The skills as one normalized key ("" when anyone may work the step).</summary>
    public string SkillKey => SkillSet.Key(Skills);
}

public static class SkillSet
{
    public static string Key(IEnumerable<string> skills) =>
        string.Join(',', skills.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal));

    public static IReadOnlyList<string> Parse(string? key) =>
        string.IsNullOrEmpty(key) ? [] : key.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when a worker with <paramref name="workerSkills"/> may take work needing <paramref name="requiredKey"/>.</summary>
    public static bool Covers(IEnumerable<string> workerSkills, string requiredKey)
    {
        var required = Parse(requiredKey);
        if (required.Count == 0) return true;
        var have = workerSkills.Select(s => s.Trim().ToLowerInvariant()).ToHashSet();
        return required.All(have.Contains);
    }
}
