using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Infrastructure.Work;

internal static class TaskEvents
{
    public static LiveEvent Changed(WorkTask task, string? previousAssignee = null) =>
        new(LiveEvent.Kinds.TaskChanged, task.WorkflowKey, task.StepKey, task.Id, task.CaseId, task.Status.ToString(), task.AssigneeId, previousAssignee);

    public static object Snapshot(WorkTask t) => new { Status = t.Status.ToString(), t.Route, t.AssigneeName, t.AgentProfileKey, t.Priority };
}
