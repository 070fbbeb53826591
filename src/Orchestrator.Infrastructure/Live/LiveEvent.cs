namespace Orchestrator.Infrastructure.Live;

/// <summary>What changed, published after the change committed. Small on purpose: receivers re-read what they show.</summary>
public sealed record LiveEvent(string Kind, string WorkflowKey, string? StepKey, Guid? TaskId, Guid? CaseId, string? Status, string? AssigneeId = null, string? PreviousAssigneeId = null)
{
    public static class Kinds
    {
        public const string TaskChanged = "task";
        public const string CaseChanged = "case";
        public const string WorkforceChanged = "workforce";
        public const string PolicyChanged = "policy";
        public const string Alert = "alert";
    }
}

/// <summary>Publishes events to every open browser, on this instance and (with a backplane) on the others.</summary>
public interface ILiveNotifier
{
    Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default);
}

/// <summary>Where circuits subscribe. A subscription is disposed when the component goes away.</summary>
public interface ILiveFeed
{
    IDisposable Subscribe(Func<LiveEvent, Task> onEvent);
}
