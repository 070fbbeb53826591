namespace Orchestrator.Domain.Audit;

public enum ActorKind { User, Agent, System }

/// <summary>Who did what to which subject, with the state before and after, why, and when.</summary>
public sealed class AuditEvent
{
    private AuditEvent() { Actor = ""; Action = ""; SubjectType = ""; SubjectId = ""; }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public ActorKind ActorKind { get; private set; }
    public string Actor { get; private set; }
    public string Action { get; private set; }
    public string SubjectType { get; private set; }
    public string SubjectId { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Reason { get; private set; }

    public static AuditEvent Record(DateTime at, ActorKind actorKind, string actor, string action, string subjectType, string subjectId,
        string? before = null, string? after = null, string? reason = null) => new()
    {
        At = at, ActorKind = actorKind, Actor = actor, Action = action, SubjectType = subjectType, SubjectId = subjectId,
        Before = before, After = after, Reason = reason,
    };
}
