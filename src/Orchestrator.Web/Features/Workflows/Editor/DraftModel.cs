using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Web.Features.Workflows.Editor;

/// <summary>
/// The editor's mutable copy of a draft. Each part keeps the record it was loaded from and writes its edits back with
/// <c>with</c>, so properties the editor does not show (added to a policy elsewhere) survive a save unchanged.
/// </summary>
public sealed class DraftModel
{
    public List<StepModel> Steps { get; } = [];
    public decimal OutcomePrice { get; set; }

    public static DraftModel From(WorkflowVersion version)
    {
        var model = new DraftModel { OutcomePrice = version.OutcomePrice };
        model.Steps.AddRange(version.Steps.Select(StepModel.From));
        return model;
    }

    public IReadOnlyList<StepDefinition> ToSteps() => Steps.Select(s => s.ToStep()).ToList();

    /// <summary>A step key not used yet: "step-1", "step-2", …</summary>
    public string NewKey()
    {
        for (var n = Steps.Count + 1; ; n++)
            if (Steps.All(s => s.Key != $"step-{n}")) return $"step-{n}";
    }

    public void Move(int from, int to)
    {
        if (to < 0 || to >= Steps.Count) return;
        var step = Steps[from];
        Steps.RemoveAt(from);
        Steps.Insert(to, step);
    }
}

public sealed class StepModel
{
    private StepDefinition _source = null!;

    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public WorkKind Kind { get; set; }
    public string Description { get; set; } = "";
    public List<FieldModel> Inputs { get; } = [];
    public List<FieldModel> Outputs { get; } = [];
    public string Skills { get; set; } = "";
    public int SlaMinutes { get; set; }
    public decimal CostOfError { get; set; }
    public StaffingModel Staffing { get; private set; } = null!;
    public QualityModel Quality { get; private set; } = null!;
    public BranchModel? Branch { get; set; }

    public static StepModel New(string key) => From(new StepDefinition
    {
        Key = key, Name = "New step", Kind = WorkKind.Execution,
        Outputs = [new FieldDefinition { Key = "result", Label = "Result" }],
        Staffing = new StaffingPolicy { Mode = StaffingMode.Human, Oversight = Oversight.None },
    });

    public static StepModel From(StepDefinition s)
    {
        var model = new StepModel
        {
            _source = s, Key = s.Key, Name = s.Name, Kind = s.Kind, Description = s.Description, Skills = string.Join(", ", s.Skills),
            SlaMinutes = s.SlaMinutes, CostOfError = s.CostOfError, Staffing = StaffingModel.From(s.Staffing), Quality = QualityModel.From(s.Quality),
            Branch = s.Branch is null ? null : BranchModel.From(s.Branch),
        };
        model.Inputs.AddRange(s.Inputs.Select(FieldModel.From));
        model.Outputs.AddRange(s.Outputs.Select(FieldModel.From));
        return model;
    }

    public StepDefinition ToStep() => _source with
    {
        Key = Key.Trim(), Name = Name.Trim(), Kind = Kind, Description = Description.Trim(),
        Inputs = Inputs.Select(f => f.ToField()).ToList(), Outputs = Outputs.Select(f => f.ToField()).ToList(),
        Skills = Split(Skills), SlaMinutes = SlaMinutes, CostOfError = CostOfError,
        Staffing = Staffing.ToPolicy(), Quality = Quality.ToPolicy(), Branch = Branch?.ToRule(),
    };

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

public sealed class FieldModel
{
    private FieldDefinition _source = null!;

    public string Key { get; set; } = "";
    public string? Label { get; set; }
    public FieldType Type { get; set; }
    public bool Required { get; set; }
    public string Choices { get; set; } = "";
    public string? Help { get; set; }

    public static FieldModel New(string key) => From(new FieldDefinition { Key = key });

    public static FieldModel From(FieldDefinition f) => new()
    {
        _source = f, Key = f.Key, Label = f.Label, Type = f.Type, Required = f.Required, Choices = string.Join(", ", f.Choices), Help = f.Help,
    };

    public FieldDefinition ToField() => _source with
    {
        Key = Key.Trim(), Label = string.IsNullOrWhiteSpace(Label) ? null : Label.Trim(), Type = Type, Required = Required,
        Choices = Type == FieldType.Choice ? StepModel.Split(Choices) : [], Help = string.IsNullOrWhiteSpace(Help) ? null : Help.Trim(),
    };
}

public sealed class StaffingModel
{
    private StaffingPolicy _source = null!;

    public StaffingMode Mode { get; set; }
    public int AgentShare { get; set; }
    public double ConfidenceThreshold { get; set; }
    public IReadOnlyCollection<string> AllowedAgents { get; set; } = [];
    public Oversight Oversight { get; set; }
    public int ApprenticeshipQuota { get; set; }
    public KeepHumansReason? KeepHumansReason { get; set; }
    public string? KeepHumansNote { get; set; }
    public string? SetBy => _source.SetBy;

    public static StaffingModel From(StaffingPolicy p) => new()
    {
        _source = p, Mode = p.Mode, AgentShare = p.AgentShare, ConfidenceThreshold = p.ConfidenceThreshold, AllowedAgents = p.AllowedAgents.ToList(),
        Oversight = p.Oversight, ApprenticeshipQuota = p.ApprenticeshipQuota, KeepHumansReason = p.KeepHumansReason, KeepHumansNote = p.KeepHumansNote,
    };

    public StaffingPolicy ToPolicy()
    {
        var policy = _source with
        {
            Mode = Mode, AgentShare = AgentShare, ConfidenceThreshold = ConfidenceThreshold, AllowedAgents = AllowedAgents.ToList(),
            Oversight = Oversight, ApprenticeshipQuota = ApprenticeshipQuota,
            KeepHumansReason = KeepHumansReason, KeepHumansNote = string.IsNullOrWhiteSpace(KeepHumansNote) ? null : KeepHumansNote.Trim(),
        };
        return policy.KeepsHumans ? policy : policy with { KeepHumansReason = null, KeepHumansNote = null };
    }
}

public sealed class QualityModel
{
    private QualityPolicy _source = null!;

    public List<RubricModel> Rubric { get; } = [];
    public double SampleRate { get; set; }
    public int MinimumSamples { get; set; }
    public double AccuracyTarget { get; set; }
    public int DriftWindow { get; set; }
    public BreachAction OnBreach { get; set; }
    public double? GoldenSetThreshold { get; set; }

    public static QualityModel From(QualityPolicy q)
    {
        var model = new QualityModel
        {
            _source = q, SampleRate = q.SampleRate, MinimumSamples = q.MinimumSamples, AccuracyTarget = q.AccuracyTarget,
            DriftWindow = q.DriftWindow, OnBreach = q.OnBreach, GoldenSetThreshold = q.GoldenSetThreshold,
        };
        model.Rubric.AddRange(q.Rubric.Select(r => new RubricModel { Name = r.Name, Good = r.Good }));
        return model;
    }

    public QualityPolicy ToPolicy() => _source with
    {
        Rubric = Rubric.Select(r => new RubricCriterion(r.Name.Trim(), r.Good.Trim())).ToList(),
        SampleRate = SampleRate, MinimumSamples = MinimumSamples, AccuracyTarget = AccuracyTarget, DriftWindow = DriftWindow, OnBreach = OnBreach,
        GoldenSetThreshold = GoldenSetThreshold,
    };
}

public sealed class RubricModel
{
    public string Name { get; set; } = "";
    public string Good { get; set; } = "";
}

public sealed class BranchModel
{
    public string Field { get; set; } = "";
    public List<BranchTargetModel> Targets { get; } = [];
    /// <summary>Where other values go: null for the next step in order, a step key, or <see cref="BranchRule.End"/>.</summary>
    public string? Default { get; set; }

    public static BranchModel From(BranchRule rule)
    {
        var model = new BranchModel { Field = rule.Field, Default = rule.Default };
        model.Targets.AddRange(rule.Targets.Select(t => new BranchTargetModel { Value = t.Key, Target = t.Value }));
        return model;
    }

    public BranchRule ToRule() => new()
    {
        Field = Field,
        Targets = Targets.Where(t => t.Value.Length > 0).GroupBy(t => t.Value).ToDictionary(g => g.Key, g => g.Last().Target),
        Default = Default,
    };
}

public sealed class BranchTargetModel
{
    public string Value { get; set; } = "";
    public string Target { get; set; } = BranchRule.End;
}

/// <summary>Validation messages by field path ("steps[2].outputs[0].choices"), recomputed after every edit.</summary>
public sealed class EditorState
{
    private Dictionary<string, string> _errors = [];

    public event Action? Changed;
    public bool Dirty { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public string? Error(string path) => _errors.GetValueOrDefault(path);
    public bool Has(string path) => _errors.ContainsKey(path);
    /// <summary>Errors at this path or under it.</summary>
    public int CountUnder(string prefix) => Errors.Count(e => e.Field == prefix || e.Field.StartsWith(prefix + ".", StringComparison.Ordinal) || e.Field.StartsWith(prefix + "[", StringComparison.Ordinal));

    public void SetErrors(IReadOnlyList<FieldError> errors)
    {
        Errors = errors;
        _errors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));
    }

    public void Touch()
    {
        Dirty = true;
        Changed?.Invoke();
    }

    public void MarkSaved() => Dirty = false;
}
