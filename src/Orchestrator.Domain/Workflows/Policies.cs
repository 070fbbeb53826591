namespace Orchestrator.Domain.Workflows;

public enum StaffingMode { Human, Agent, Hybrid }

public enum Oversight { None, Sampled, ReviewAll }

/// <summary>Why a step keeps humans in the loop.</summary>
public enum KeepHumansReason { HighStakes, Relationship, Apprenticeship, Regulatory, Other }

public enum BreachAction { Alert, RaiseOversight, RouteToHumans, PauseAgent, Retrain }

/// <summary>How much of a step agents do, and where humans stay in the loop.</summary>
public sealed record StaffingPolicy
{
    public StaffingMode Mode { get; init; } = StaffingMode.Human;
    /// <summary>Target share of tasks routed to agents, 0–100, used in Hybrid mode.</summary>
    public int AgentShare { get; init; }
    /// <summary>Agent outputs with a confidence below this escalate to humans.</summary>
    public double ConfidenceThreshold { get; init; } = 0.7;
    public IReadOnlyList<string> AllowedAgents { get; init; } = [];
    public Oversight Oversight { get; init; } = Oversight.Sampled;
    /// <summary>Percent of human tasks reserved for trainees.</summary>
    public int ApprenticeshipQuota { get; init; }
    public KeepHumansReason? KeepHumansReason { get; init; }
    public string? KeepHumansNote { get; init; }
    public string? SetBy { get; init; }

    /// <summary>Humans are kept on purpose: Human mode, or a Hybrid share below 100.</summary>
    public bool KeepsHumans => Mode == StaffingMode.Human || (Mode == StaffingMode.Hybrid && AgentShare < 100);

    public static StaffingPolicy AllHuman(KeepHumansReason reason, string note) =>
        new() { Mode = StaffingMode.Human, KeepHumansReason = reason, KeepHumansNote = note, Oversight = Oversight.None };
}

public sealed record RubricCriterion(string Name, string Good);

/// <summary>What "good" means for a step and how it is checked.</summary>
public sealed record QualityPolicy
{
    public IReadOnlyList<RubricCriterion> Rubric { get; init; } = [];
    /// <summary>Share of completed agent tasks sampled for review, 0–1.</summary>
    public double SampleRate { get; init; } = 0.1;
    public int MinimumSamples { get; init; } = 5;
    public double AccuracyTarget { get; init; } = 0.9;
    public int DriftWindow { get; init; } = 50;
    public BreachAction OnBreach { get; init; } = BreachAction.Alert;
    /// <summary>
    /// When set (0–1), an agent profile serves the step only after a golden-set run of its current version on this step
    /// reached this accuracy; null means no golden-set run is required.
    /// </summary>
    public double? GoldenSetThreshold { get; init; }
}

/// <summary>Picks the next step from the value of one output field.</summary>
public sealed record BranchRule
{
    public const string End = "$end";
    public required string Field { get; init; }
    /// <summary>Output value → target step key (or <see cref="End"/>).</summary>
    public IReadOnlyDictionary<string, string> Targets { get; init; } = new Dictionary<string, string>();
    /// <summary>Target when no value matches; null means the next step in order.</summary>
    public string? Default { get; init; }
}
