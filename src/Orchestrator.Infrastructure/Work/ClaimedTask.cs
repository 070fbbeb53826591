namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// A task a person has just claimed, as the claim statement hands it back: enough to open it and to tell open pages,
/// without reading the whole row again.
/// </summary>
public sealed record ClaimedTask(Guid Id, Guid CaseId, string WorkflowKey, string StepKey);
