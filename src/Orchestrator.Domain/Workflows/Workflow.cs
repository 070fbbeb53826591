using System.Text.RegularExpressions;
using Orchestrator.Domain.Common;

namespace Orchestrator.Domain.Workflows;

/// <summary>A business process, known by its key, with a history of versions.</summary>
public sealed partial class Workflow
{
    private Workflow() { Key = ""; Name = ""; }

    public Guid Id { get; private set; }
    public string Key { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static Workflow Create(string key, string name, string description, DateTime now)
    {
        if (!KeyPattern().IsMatch(key ?? ""))
            throw new ValidationFailedException("workflow.invalid", [new("key", "Key must be 2–64 lowercase letters, digits or dashes, starting with a letter.")]);
        if (string.IsNullOrWhiteSpace(name))
            throw new ValidationFailedException("workflow.invalid", [new("name", "Name is required.")]);
        return new Workflow { Id = Guid.NewGuid(), Key = key!, Name = name.Trim(), Description = description ?? "", CreatedAt = now };
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex KeyPattern();
}

public enum VersionStatus { Draft, Published }

/// <summary>The steps of a workflow at one point in time. Immutable once published.</summary>
public sealed class WorkflowVersion
{
    private List<StepDefinition> _steps = [];

    private WorkflowVersion() { }

    public Guid Id { get; private set; }
    public Guid WorkflowId { get; private set; }
    public int Number { get; private set; }
    public VersionStatus Status { get; private set; }
    public decimal OutcomePrice { get; private set; }
    public IReadOnlyList<StepDefinition> Steps
    {
        get => _steps;
        private set => _steps = [.. value];
    }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    /// <summary>Counts saves of a draft; a save that started from an older revision is refused, never silently applied.</summary>
    public int Revision { get; private set; }
    public DateTime? UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    public static WorkflowVersion Draft(Workflow workflow, int number, IEnumerable<StepDefinition> steps, decimal outcomePrice, string? by, DateTime now) => new()
    {
        Id = Guid.NewGuid(), WorkflowId = workflow.Id, Number = number, Status = VersionStatus.Draft,
        Steps = [.. steps], OutcomePrice = outcomePrice, CreatedAt = now, CreatedBy = by,
    };

    public void ReplaceSteps(IEnumerable<StepDefinition> steps, decimal outcomePrice, string? by = null, DateTime? now = null)
    {
        EnsureDraft();
        if (outcomePrice < 0)
            throw new ValidationFailedException("workflow.invalid", [new("outcomePrice", "Outcome price cannot be negative.")]);
        Steps = [.. steps];
        OutcomePrice = outcomePrice;
        Revision++;
        UpdatedAt = now ?? UpdatedAt;
        UpdatedBy = by ?? UpdatedBy;
    }

    /// <summary>Refuses a change made from revision <paramref name="expected"/> when someone saved since.</summary>
    public void EnsureRevision(int expected)
    {
        if (expected != Revision)
            throw new DomainException("version.changed",
                $"{UpdatedBy ?? "Someone"} saved version {Number} at {UpdatedAt:HH:mm} after you opened it. Reload to see their changes; yours were not saved.");
    }

    public bool IsDraft => Status == VersionStatus.Draft;

    public void Publish(string by, DateTime now)
    {
        EnsureDraft();
        if (OutcomePrice < 0) throw new ValidationFailedException("workflow.invalid", [new("outcomePrice", "Outcome price cannot be negative.")]);
        var errors = WorkflowValidator.Validate(_steps);
        if (errors.Count > 0) throw new ValidationFailedException("workflow.invalid", errors);
        Status = VersionStatus.Published;
        PublishedAt = now;
        PublishedBy = by;
    }

    public StepDefinition FirstStep =>
        _steps.Count > 0 ? _steps[0] : throw new DomainException("workflow.empty", "The workflow version has no steps.");

    public StepDefinition Step(string key) =>
        _steps.FirstOrDefault(s => s.Key == key) ?? throw new DomainException("step.unknown", $"Step '{key}' is not in version {Number}.");

    /// <summary>The step after <paramref name="current"/> given its output: the branch rule's target or the next in order; null ends the case.</summary>
    public StepDefinition? NextStep(string current, System.Text.Json.Nodes.JsonObject output)
    {
        var index = _steps.FindIndex(s => s.Key == current);
        if (index < 0) throw new DomainException("step.unknown", $"Step '{current}' is not in version {Number}.");
        var branch = _steps[index].Branch;
        if (branch is not null)
        {
            var value = output.TryGetPropertyValue(branch.Field, out var node) && node is not null ? BranchValue(node) : null;
            var target = value is not null && branch.Targets.TryGetValue(value, out var t) ? t : branch.Default;
            if (target == BranchRule.End) return null;
            if (target is not null) return Step(target);
        }
        return index + 1 < _steps.Count ? _steps[index + 1] : null;
    }

    private static string BranchValue(System.Text.Json.Nodes.JsonNode node) => node.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        System.Text.Json.JsonValueKind.String => node.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private void EnsureDraft()
    {
        if (Status != VersionStatus.Draft)
            throw new DomainException("version.immutable", $"Version {Number} is published and cannot change; edit a new draft instead.");
    }
}
