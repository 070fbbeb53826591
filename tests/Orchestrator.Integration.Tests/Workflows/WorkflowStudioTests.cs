using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Infrastructure.Workflows;
using Orchestrator.Integration.Tests.Work;

namespace Orchestrator.Integration.Tests.Workflows;

/// <summary>Drafts, saves and publishes through the studio's handlers over a real SQLite file; cases keep their version.</summary>
public sealed class WorkflowStudioTests : IAsyncLifetime
{
    private static readonly Actor Dana = Actor.User("dana", "Dana");
    private static readonly Actor Eli = Actor.User("eli", "Eli");
    private WorkEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await WorkEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private T Get<T>() where T : notnull => _engine.Services.GetRequiredService<T>();

    private static StepDefinition Approve => new()
    {
        Key = "approve", Name = "Approve", Kind = WorkKind.Judgment, SlaMinutes = 30,
        Outputs = [new FieldDefinition { Key = "ok", Type = FieldType.YesNo }],
        Staffing = StaffingPolicy.AllHuman(KeepHumansReason.Regulatory, "A person signs off."),
    };

    private async Task<WorkflowVersion> DraftWithApprovalAsync()
    {
        var draft = (await Get<StartDraft>().HandleAsync(Dana, WorkEngine.WorkflowKey, 1)).Value!;
        var saved = await Get<SaveDraft>().HandleAsync(Dana,
            new DraftInput(WorkEngine.WorkflowKey, draft.Number, draft.Revision, 12m, [.. draft.Steps, Approve]));
        Assert.True(saved.Succeeded, saved.Message);
        return saved.Value!;
    }

    private Task<int> AuditCountAsync(string action) => _engine.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == action));

    [Fact]
    public async Task Save_IsRefused_ForAPublishedVersion()
    {
        var result = await Get<SaveDraft>().HandleAsync(Dana, new DraftInput(WorkEngine.WorkflowKey, 1, 0, 10m, [Approve]));

        Assert.Equal(WorkOutcome.Refused, result.Outcome);
        Assert.Equal("version.immutable", result.Code);
        var stored = await _engine.QueryAsync(db => db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.Number == 1));
        Assert.Equal(["review"], stored.Steps.Select(s => s.Key));
    }

    [Fact]
    public async Task Save_Conflicts_WhenAnotherEditorSavedFirst()
    {
        var draft = (await Get<StartDraft>().HandleAsync(Dana, WorkEngine.WorkflowKey, 1)).Value!;
        var opened = draft.Revision;
        Assert.True((await Get<SaveDraft>().HandleAsync(Eli, new DraftInput(WorkEngine.WorkflowKey, 2, opened, 11m, [.. draft.Steps, Approve]))).Succeeded);

        var late = await Get<SaveDraft>().HandleAsync(Dana, new DraftInput(WorkEngine.WorkflowKey, 2, opened, 99m, draft.Steps));

        Assert.Equal(WorkOutcome.Conflict, late.Outcome);
        Assert.Contains("Eli", late.Message);
        var stored = await _engine.QueryAsync(db => db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.Number == 2));
        Assert.Equal(11m, stored.OutcomePrice);
        Assert.Equal(["review", "approve"], stored.Steps.Select(s => s.Key));
    }

    [Fact]
    public async Task Save_IsAudited_WithTheChanges()
    {
        await DraftWithApprovalAsync();

        var saved = await _engine.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "workflow.draft-saved"));

        Assert.Equal("Dana", saved.Actor);
        var changes = JsonNode.Parse(saved.After!)!["changes"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Contains("step approve: added", changes);
        Assert.Contains("outcome price: 10 → 12", changes);
    }

    [Fact]
    public async Task Publish_IsRefused_WhileTheDraftIsInvalid()
    {
        var draft = (await Get<StartDraft>().HandleAsync(Dana, WorkEngine.WorkflowKey, 1)).Value!;
        var broken = Approve with { Staffing = new StaffingPolicy { Mode = StaffingMode.Agent, AllowedAgents = ["no-such-agent"] } };
        await Get<SaveDraft>().HandleAsync(Dana, new DraftInput(WorkEngine.WorkflowKey, 2, draft.Revision, 10m, [.. draft.Steps, broken]));

        var result = await Get<PublishVersion>().HandleAsync(Dana, WorkEngine.WorkflowKey, 2);

        Assert.Equal(WorkOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors!, e => e.Field == "steps[1].staffing.allowedAgents" && e.Message.Contains("no-such-agent"));
        Assert.Equal(0, await AuditCountAsync("workflow.published"));
    }

    [Fact]
    public async Task Publish_KeepsRunningCasesOnTheirVersion_AndStartsNewCasesOnTheNewOne()
    {
        var worker = (await _engine.AddWorkersAsync(1, capacity: 5)).Single();
        var running = (await _engine.Open.HandleAsync(new OpenCaseRequest(WorkEngine.WorkflowKey, "before", 0, new JsonObject()), Dana)).Value!.Case;
        var draft = await DraftWithApprovalAsync();

        var published = await Get<PublishVersion>().HandleAsync(Dana, WorkEngine.WorkflowKey, draft.Number, draft.Revision);
        Assert.True(published.Succeeded, published.Message);
        var fresh = (await _engine.Open.HandleAsync(new OpenCaseRequest(WorkEngine.WorkflowKey, "after", 0, new JsonObject()), Dana)).Value!.Case;

        // The case opened before the publish finishes on version 1's single step; the new one goes on to "approve".
        Assert.Equal(1, running.WorkflowVersionNumber);
        Assert.Equal(2, fresh.WorkflowVersionNumber);
        Assert.Equal(CaseStatus.Completed, (await CompleteCurrentAsync(worker, running.Id)).Status);
        var afterFirst = await CompleteCurrentAsync(worker, fresh.Id);
        Assert.Equal(CaseStatus.Open, afterFirst.Status);
        Assert.Equal("approve", afterFirst.CurrentStepKey);
        Assert.Equal(1, await AuditCountAsync("workflow.published"));
    }

    [Fact]
    public async Task Publish_IsRefused_ForAnOlderDraftThanThePublishedVersion()
    {
        var older = await DraftWithApprovalAsync();
        var newer = (await Get<StartDraft>().HandleAsync(Dana, WorkEngine.WorkflowKey, 1)).Value!;
        Assert.True((await Get<PublishVersion>().HandleAsync(Dana, WorkEngine.WorkflowKey, newer.Number)).Succeeded);

        var result = await Get<PublishVersion>().HandleAsync(Dana, WorkEngine.WorkflowKey, older.Number);

        Assert.Equal("version.outdated", result.Code);
    }

    [Fact]
    public async Task StartDraft_TakesTheLiveStaffing_AndPublishEndsTheOverride()
    {
        await _engine.QueryAsync(db =>
        {
            db.StaffingOverrides.Add(new StaffingOverride
            {
                WorkflowKey = WorkEngine.WorkflowKey, StepKey = "review", SetBy = "Eli",
                StaffingJson = Orchestrator.Domain.Common.DomainJson.Serialize(StaffingPolicy.AllHuman(KeepHumansReason.HighStakes, "Set live")),
            });
            return db.SaveChangesAsync();
        });

        var draft = (await Get<StartDraft>().HandleAsync(Dana, WorkEngine.WorkflowKey, 1)).Value!;
        await Get<PublishVersion>().HandleAsync(Dana, WorkEngine.WorkflowKey, draft.Number);

        Assert.Equal("Set live", draft.Steps.Single().Staffing.KeepHumansNote);
        Assert.Equal(0, await _engine.QueryAsync(db => db.StaffingOverrides.CountAsync()));
    }

    private async Task<Case> CompleteCurrentAsync(string worker, Guid caseId)
    {
        var task = await _engine.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.CaseId == caseId && t.Status == Orchestrator.Domain.Tasks.WorkTaskStatus.Queued));
        Assert.True((await _engine.Claim.HandleAsync(worker, task.Id)).Succeeded);
        var output = task.StepKey == "approve" ? new JsonObject { ["ok"] = true } : WorkEngine.DoneOutput;
        var done = await _engine.Complete.HandleAsync(worker, task.Id, output);
        Assert.True(done.Succeeded, done.Message);
        return await _engine.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId));
    }
}
