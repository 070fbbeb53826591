using Orchestrator.Domain.Common;

namespace Orchestrator.Domain.Workflows;

/// <summary>The rules a version must meet before it is published. Errors name the field, as "steps[2].outputs[0].choices".</summary>
public static class WorkflowValidator
{
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<StepDefinition> steps)
    {
        var errors = new List<FieldError>();
        if (steps.Count == 0) errors.Add(new("steps", "A workflow needs at least one step."));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var at = $"steps[{i}]";
            if (string.IsNullOrWhiteSpace(step.Key)) errors.Add(new($"{at}.key", "Step key is required."));
            else if (!keys.Add(step.Key)) errors.Add(new($"{at}.key", $"Step key '{step.Key}' is used twice."));
            if (string.IsNullOrWhiteSpace(step.Name)) errors.Add(new($"{at}.name", "Step name is required."));
            if (step.SlaMinutes <= 0) errors.Add(new($"{at}.slaMinutes", "SLA must be at least one minute."));
            ValidateFields(step.Inputs, $"{at}.inputs", errors);
            ValidateFields(step.Outputs, $"{at}.outputs", errors);
            ValidateStaffing(step.Staffing, $"{at}.staffing", errors);
            var q = step.Quality;
            if (q.SampleRate is < 0 or > 1) errors.Add(new($"{at}.quality.sampleRate", "Sample rate must be between 0 and 1."));
            if (q.AccuracyTarget is < 0 or > 1) errors.Add(new($"{at}.quality.accuracyTarget", "Accuracy target must be between 0 and 1."));
            if (q.GoldenSetThreshold is < 0 or > 1) errors.Add(new($"{at}.quality.goldenSetThreshold", "Golden-set threshold must be between 0 and 1."));
        }
        for (var i = 0; i < steps.Count; i++)
        {
            var branch = steps[i].Branch;
            if (branch is null) continue;
            var at = $"steps[{i}].branch";
            if (steps[i].Outputs.All(f => f.Key != branch.Field))
                errors.Add(new($"{at}.field", $"Branch field '{branch.Field}' is not an output of step '{steps[i].Key}'."));
            foreach (var target in branch.Targets.Values.Append(branch.Default).OfType<string>())
                if (target != BranchRule.End && !keys.Contains(target))
                    errors.Add(new($"{at}.targets", $"Branch target '{target}' is not a step."));
        }
        if (errors.Count == 0)
            foreach (var key in Unreachable(steps))
                errors.Add(new($"steps[{IndexOf(steps, key)}]", $"Step '{key}' can never be reached."));
        return errors;
    }

    private static void ValidateFields(IReadOnlyList<FieldDefinition> fields, string at, List<FieldError> errors)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (string.IsNullOrWhiteSpace(f.Key)) errors.Add(new($"{at}[{i}].key", "Field key is required."));
            else if (!keys.Add(f.Key)) errors.Add(new($"{at}[{i}].key", $"Field key '{f.Key}' is used twice."));
            if (f.Type == FieldType.Choice && f.Choices.Count == 0)
                errors.Add(new($"{at}[{i}].choices", $"Choice field '{f.Key}' needs at least one option."));
        }
    }

    /// <summary>The staffing rules alone, for a live policy change outside the editor.</summary>
    public static IReadOnlyList<FieldError> ValidateStaffing(StaffingPolicy policy)
    {
        var errors = new List<FieldError>();
        ValidateStaffing(policy, "staffing", errors);
        return errors.Select(e => e with { Field = e.Field["staffing.".Length..] }).ToList();
    }

    private static void ValidateStaffing(StaffingPolicy s, string at, List<FieldError> errors)
    {
        if (s.AgentShare is < 0 or > 100) errors.Add(new($"{at}.agentShare", "Agent share must be between 0 and 100."));
        if (s.ConfidenceThreshold is < 0 or > 1) errors.Add(new($"{at}.confidenceThreshold", "Confidence threshold must be between 0 and 1."));
        if (s.ApprenticeshipQuota is < 0 or > 100) errors.Add(new($"{at}.apprenticeshipQuota", "Apprenticeship quota must be between 0 and 100."));
        if (s.Mode != StaffingMode.Human && s.AllowedAgents.Count == 0)
            errors.Add(new($"{at}.allowedAgents", "Choose at least one agent profile for Agent or Hybrid mode."));
        if (s.KeepsHumans && (s.KeepHumansReason is null || string.IsNullOrWhiteSpace(s.KeepHumansNote)))
            errors.Add(new($"{at}.keepHumansReason", "Keeping humans on this step needs a reason and a note."));
    }

    private static IEnumerable<string> Unreachable(IReadOnlyList<StepDefinition> steps)
    {
        if (steps.Count == 0) yield break;
        var seen = new HashSet<string> { steps[0].Key };
        var todo = new Stack<int>([0]);
        while (todo.Count > 0)
        {
            var i = todo.Pop();
            foreach (var next in Successors(steps, i))
                if (seen.Add(steps[next].Key)) todo.Push(next);
        }
        foreach (var s in steps) if (!seen.Contains(s.Key)) yield return s.Key;
    }

    private static IEnumerable<int> Successors(IReadOnlyList<StepDefinition> steps, int i)
    {
        var branch = steps[i].Branch;
        var nextInOrder = i + 1 < steps.Count ? i + 1 : -1;
        if (branch is null) { if (nextInOrder >= 0) yield return nextInOrder; yield break; }
        foreach (var t in branch.Targets.Values) if (t != BranchRule.End) yield return IndexOf(steps, t);
        if (branch.Default is null) { if (nextInOrder >= 0) yield return nextInOrder; }
        else if (branch.Default != BranchRule.End) yield return IndexOf(steps, branch.Default);
    }

    private static int IndexOf(IReadOnlyList<StepDefinition> steps, string key)
    {
        for (var i = 0; i < steps.Count; i++) if (steps[i].Key == key) return i;
        return -1;
    }
}
