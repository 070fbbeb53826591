using Orchestrator.Domain.Audit;
using Orchestrator.Domain.Common;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Audit;

/// <summary>Who is acting: a signed-in person, an agent profile, or the system itself.</summary>
public sealed record Actor(ActorKind Kind, string Id, string Name)
{
    public static readonly Actor System = new(ActorKind.System, "system", "System");
    public static Actor User(string id, string name) => new(ActorKind.User, id, name);
    public static Actor Agent(string key) => new(ActorKind.Agent, key, key);
}

public static class AuditTrail
{
    /// <summary>Adds an audit event to the same unit of work as the change it describes, so both commit or neither.</summary>
    public static void Record(this OrchestratorDbContext db, DateTime at, Actor actor, string action, string subjectType, string subjectId,
        object? before = null, object? after = null, string? reason = null) =>
        db.AuditEvents.Add(AuditEvent.Record(at, actor.Kind, actor.Name, action, subjectType, subjectId,
            Describe(before), Describe(after), reason));

    private static string? Describe(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => DomainJson.Serialize(value),
    };
}
