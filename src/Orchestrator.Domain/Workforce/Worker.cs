using Orchestrator.Domain.Common;
using Orchestrator.Domain.Workflows;

namespace Orchestrator.Domain.Workforce;

public enum Availability { Available, Away }

/// <summary>A human's work profile, keyed by the user account's id.</summary>
public sealed class Worker
{
    private Worker() { UserId = ""; DisplayName = ""; Skills = ""; }

    public string UserId { get; private set; }
    public string DisplayName { get; private set; }
    /// <summary>Normalized skill key, as <see cref="SkillSet.Key"/> makes it.</summary>
    public string Skills { get; private set; }
    public int Capacity { get; private set; }
    public decimal HourlyCost { get; private set; }
    public bool IsTrainee { get; private set; }
    public Availability Availability { get; private set; }
    /// <summary>A member of the demo's simulated crew: works through the same paths, cannot sign in.</summary>
    public bool IsSimulated { get; private set; }

    public IReadOnlyList<string> SkillList => SkillSet.Parse(Skills);

    public static Worker Create(string userId, string displayName, IEnumerable<string> skills, int capacity, decimal hourlyCost,
        bool isTrainee = false, bool isSimulated = false)
    {
        var w = new Worker { UserId = userId, DisplayName = displayName, IsTrainee = isTrainee, IsSimulated = isSimulated };
        w.Update(displayName, skills, capacity, hourlyCost, isTrainee);
        return w;
    }

    public void Update(string displayName, IEnumerable<string> skills, int capacity, decimal hourlyCost, bool isTrainee)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(displayName)) errors.Add(new("displayName", "Name is required."));
        if (capacity is < 1 or > 100) errors.Add(new("capacity", "Capacity must be between 1 and 100 tasks."));
        if (hourlyCost is < 0 or > 10_000) errors.Add(new("hourlyCost", "Hourly cost must be between 0 and 10,000."));
        if (errors.Count > 0) throw new ValidationFailedException("worker.invalid", errors);
        DisplayName = displayName.Trim();
        Skills = SkillSet.Key(skills);
        Capacity = capacity;
        HourlyCost = hourlyCost;
        IsTrainee = isTrainee;
    }

    public void SetAvailability(Availability availability) => Availability = availability;

    public bool CanTake(string requiredSkills, bool reservedForTrainees) =>
        SkillSet.Covers(SkillList, requiredSkills) && (!reservedForTrainees || IsTrainee);
}
