using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Integration.Tests.Work;

namespace Orchestrator.Integration.Tests.Audit;

/// <summary>
/// A scripted day through the real services. After each step the test compares every case, task, staffing policy,
/// agent profile and worker with how it was before: each one that changed must have an audit event about it from that
/// step, with the expected action. One allowance: a task born in a step (a case's first task, or the next step's task)
/// is recorded by that step's event about its case or about another task of its case (case.opened, task.completed).
/// </summary>
public sealed class AuditCompletenessTests : IAsyncLifetime
{
    private static readonly Actor Dana = Actor.User("dana", "Dana Singh");
    private WorkEngine _engine = null!;
    private Dictionary<string, string> _state = [];
    private int _auditSeen;
    private readonly List<string> _gaps = [];

    public async Task InitializeAsync() => _engine = await WorkEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private T Service<T>() where T : notnull => _engine.Services.GetRequiredService<T>();

    [Fact]
    public async Task ScriptedDay_EveryStateChangeHasItsAuditEvent()
    {
        var (ana, ben) = ("w000", "w001");
        await _engine.AddWorkersAsync(2, capacity: 3);
        await CheckpointAsync("setup");

        var cases = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var opened = await _engine.Open.HandleAsync(new OpenCaseRequest(WorkEngine.WorkflowKey, $"day-{i}", 10, new JsonObject { ["n"] = i }), Dana);
            Assert.True(opened.Succeeded, opened.Message);
            cases.Add(opened.Value!.Case.Id);
        }
        await StepAsync("open 5 cases", "case.opened");
        var tasks = await _engine.QueryAsync(db => db.Tasks.OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync());

        Ok(await _engine.Claim.HandleAsync(ana, tasks[0]));
        await StepAsync("claim", "task.claimed");
        Ok(await _engine.Complete.HandleAsync(ana, tasks[0], WorkEngine.DoneOutput));
        await StepAsync("complete (the case completes too)", "task.completed", "case.completed");

        Ok(await _engine.Claim.HandleAsync(ben, tasks[1]));
        await StepAsync("claim", "task.claimed");
        Ok(await Service<ReleaseTask>().HandleAsync(ben, tasks[1]));
        await StepAsync("release", "task.released");
        Ok(await _engine.Claim.HandleAsync(ben, tasks[1]));
        Ok(await Service<EscalateTask>().HandleAsync(ben, tasks[1], "Policy number does not match the claimant.", null));
        await StepAsync("claim and escalate", "task.claimed", "task.escalated");

        var reassigned = await Service<ReassignTasks>().HandleAsync(Dana, [tasks[2]], new ReassignTarget(ReassignKind.ToHuman, UserId: ana, Reason: "Ana knows the file"));
        Assert.All(reassigned, r => Assert.True(r.Succeeded, r.Message));
        await StepAsync("reassign to a person", "task.reassigned");
        var reprioritized = await Service<ReassignTasks>().HandleAsync(Dana, [tasks[3]], new ReassignTarget(ReassignKind.Priority, Priority: 90, Reason: "VIP"));
        Assert.All(reprioritized, r => Assert.True(r.Succeeded, r.Message));
        await StepAsync("reprioritize", "task.priority");

        Ok(await Service<ChangeStaffing>().HandleAsync(Dana, WorkEngine.WorkflowKey, "review",
            StaffingPolicy.AllHuman(KeepHumansReason.Regulatory, "The regulator asks for a person on every review.")));
        await StepAsync("change the staffing policy", "staffing.changed");

        Ok(await Service<SaveAgentProfile>().HandleAsync(Dana, new AgentProfileInput("day-bot", "Day bot", AgentKind.Simulated, "sim", "1",
            null, 0.01m, 0m, 2, 10, "{}"), create: true));
        await StepAsync("create an agent", "agent.created");
        Ok(await Service<ControlAgent>().HandleAsync(Dana, "day-bot", AgentCommand.Pause, "Quality dropped"));
        await StepAsync("pause the agent", "agent.pause");
        Ok(await Service<ControlAgent>().HandleAsync(Dana, "day-bot", AgentCommand.Resume, null));
        await StepAsync("resume the agent", "agent.resume");

        Ok(await Service<SetAvailability>().HandleAsync(ben, Availability.Away));
        await StepAsync("a worker steps away", "worker.availability");

        Ok(await _engine.Claim.HandleAsync(ana, tasks[4]));
        await StepAsync("claim", "task.claimed");
        _engine.Clock.Advance(_engine.Options.ClaimLease + TimeSpan.FromMinutes(1));
        Assert.True(await _engine.Sweep.HandleAsync() >= 1);
        await StepAsync("the claim's lease runs out", "task.lease-expired");

        Ok(await Service<CancelTask>().HandleAsync(Dana, tasks[3], "Customer withdrew the claim"));
        await StepAsync("cancel (the case is cancelled too)", "task.cancelled", "case.cancelled");

        Assert.True(_gaps.Count == 0, "State changes without their audit event:" + Environment.NewLine + string.Join(Environment.NewLine, _gaps));
    }

    private static void Ok<T>(WorkResult<T> result) => Assert.True(result.Succeeded, $"{result.Outcome} {result.Code} {result.Message}");

    /// <summary>Everything changed since the last step must have an event about it; the step must have recorded each expected action.</summary>
    private async Task StepAsync(string step, params string[] expectedActions)
    {
        var before = _state;
        var events = await CheckpointAsync(step);
        var audited = events.Select(e => $"{e.SubjectType}:{e.SubjectId}").ToHashSet();
        var caseOfTask = await _engine.QueryAsync(db => db.Tasks.AsNoTracking().ToDictionaryAsync(t => $"task:{t.Id}", t => t.CaseId));
        var casesAudited = audited.Where(caseOfTask.ContainsKey).Select(t => caseOfTask[t])
            .Concat(events.Where(e => e.SubjectType == "case").Select(e => Guid.Parse(e.SubjectId))).ToHashSet();
        foreach (var (subject, state) in _state)
        {
            var isNew = !before.TryGetValue(subject, out var old);
            var changed = isNew || old != state;
            var bornOfAnAuditedChange = isNew && caseOfTask.TryGetValue(subject, out var caseId) && casesAudited.Contains(caseId);
            if (changed && !audited.Contains(subject) && !bornOfAnAuditedChange)
                _gaps.Add($"{step}: {subject} changed ({old ?? "new"} → {state}) with no audit event");
        }
        foreach (var action in expectedActions.Where(a => events.All(e => e.Action != a)))
            _gaps.Add($"{step}: no '{action}' event (recorded: {string.Join(", ", events.Select(e => e.Action))})");
    }

    private async Task<List<Orchestrator.Domain.Audit.AuditEvent>> CheckpointAsync(string step)
    {
        _state = await SnapshotAsync();
        var events = await _engine.QueryAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).Skip(_auditSeen).ToListAsync());
        _auditSeen += events.Count;
        return events;
    }

    /// <summary>subject ("type:id", as audit events name it) → what a person would call its state.</summary>
    private Task<Dictionary<string, string>> SnapshotAsync() => _engine.QueryAsync(async db =>
    {
        var state = new Dictionary<string, string>();
        foreach (var c in await db.Cases.AsNoTracking().ToListAsync())
            state[$"case:{c.Id}"] = $"{c.Status} at {c.CurrentStepKey} priority {c.Priority}";
        foreach (var t in await db.Tasks.AsNoTracking().ToListAsync())
            state[$"task:{t.Id}"] = $"{t.Status} {t.Route} {t.AssigneeId ?? t.AgentProfileKey ?? "-"} priority {t.Priority} attempt {t.Attempt}";
        foreach (var s in await db.StaffingOverrides.AsNoTracking().ToListAsync())
            state[$"step:{s.WorkflowKey}/{s.StepKey}"] = s.StaffingJson;
        foreach (var a in await db.AgentProfiles.AsNoTracking().ToListAsync())
            state[$"agent:{a.Key}"] = $"{a.Status} {a.Name} {a.MaxConcurrency} {a.CostPerCall}";
        foreach (var w in await db.Workers.AsNoTracking().ToListAsync())
            state[$"worker:{w.UserId}"] = $"{w.Availability} capacity {w.Capacity}";
        return state;
    });
}
