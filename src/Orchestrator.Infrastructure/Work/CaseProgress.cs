using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Quality;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>Moves a case on after one of its tasks completed: the next step's task, a review gate, or the outcome.</summary>
public static class CaseProgress
{
    public static async Task AdvanceAsync(OrchestratorDbContext db, WorkEffects effects, WorkflowCatalog catalog, WorkOptions options,
        WorkTask completed, Actor actor, DateTime now, CancellationToken ct = default)
    {
        var @case = await db.Cases.FindAsync([completed.CaseId], ct) ?? throw new InvalidOperationException($"Case {completed.CaseId} of task {completed.Id} is missing.");
        var version = await catalog.VersionAsync(db, completed.WorkflowVersionId, ct);
        var step = await StepPolicies.EffectiveAsync(db, completed.WorkflowKey, version.Step(completed.StepKey), ct);
        var output = completed.Output ?? new JsonObject();

        if (completed.Kind == TaskKind.Step && completed.Route == TaskRoute.Agent && step.Staffing.Oversight == Oversight.ReviewAll)
        {
            // ReviewAll: the case waits for a person to approve the agent's output before it moves on.
            @case.RecordTask(completed);
            var review = WorkTask.CreateReview(completed, options.ReviewerSkill, options.ReviewSlaMinutes, "Oversight ReviewAll: a person approves before the case moves on", now);
            db.Tasks.Add(review);
            var agentVersion = await db.AgentProfiles.Where(a => a.Key == completed.AgentProfileKey).Select(a => a.ModelVersion).SingleOrDefaultAsync(ct);
            db.QualityReviews.Add(QualityReview.Create(completed, review, agentVersion ?? "", ReviewSource.ReviewAll, now));
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.TaskChanged, review.WorkflowKey, review.StepKey, review.Id, review.CaseId, review.Status.ToString()));
            return;
        }

        StepDefinition? next;
        if (completed.Kind == TaskKind.Review)
        {
            @case.RecordTask(completed);
            var verdict = await db.QualityReviews.SingleOrDefaultAsync(r => r.ReviewTaskId == completed.Id, ct);
            verdict?.Record(ReviewVerdict.Read(output, step.Quality.Rubric), actor.Id, actor.Name, now);
            // A sampled review measures quality; it never holds or moves the case.
            if (verdict?.Source == ReviewSource.Sampled) return;
            var reviewed = completed.ReviewOfTaskId is { } rid ? await db.Tasks.SingleAsync(t => t.Id == rid, ct) : null;
            if (reviewed is null || @case.CurrentStepKey != reviewed.StepKey || @case.Status != CaseStatus.Open) return;
            // A gating review moves the case on with the approved (or corrected) output.
            var approved = ReviewVerdict.CorrectedOutput(output) ?? reviewed.Output ?? new JsonObject();
            next = version.NextStep(reviewed.StepKey, approved);
            await MoveToAsync(db, effects, @case, version, next, now, ct);
            return;
        }

        next = version.NextStep(completed.StepKey, output);
        @case.RecordCompleted(completed, next, now);
        if (next is not null)
            await TaskRouting.CreateTaskAsync(db, effects, @case, version, next, await ContextAsync(db, @case, ct, completed), now, ct);
        else
            db.Record(now, actor, "case.completed", "case", @case.Id.ToString(), after: new { @case.Status, Cost = @case.TotalCost, @case.Margin });
        effects.Events.Add(new LiveEvent(LiveEvent.Kinds.CaseChanged, @case.WorkflowKey, next?.Key, null, @case.Id, @case.Status.ToString()));
    }

    private static async Task MoveToAsync(OrchestratorDbContext db, WorkEffects effects, Case @case, WorkflowVersion version, StepDefinition? next, DateTime now, CancellationToken ct)
    {
        @case.MoveTo(next, now);
        if (next is not null)
            await TaskRouting.CreateTaskAsync(db, effects, @case, version, next, await ContextAsync(db, @case, ct), now, ct);
        effects.Events.Add(new LiveEvent(LiveEvent.Kinds.CaseChanged, @case.WorkflowKey, next?.Key, null, @case.Id, @case.Status.ToString()));
    }

    /// <summary>What the next step sees: the case payload overlaid with every completed step's output, in order.</summary>
    public static async Task<JsonObject> ContextAsync(OrchestratorDbContext db, Case @case, CancellationToken ct, WorkTask? justCompleted = null)
    {
        var context = @case.Payload;
        // Only the case id in SQL: with the status and kind there too (and an ORDER BY), SQLite without statistics may walk
        // a (Status, …) index through every completed task in the store instead of the case's few (4 ms a call at 5,000 tasks).
        var outputs = (await db.Tasks.AsNoTracking().Where(t => t.CaseId == @case.Id)
                .Select(t => new { t.Id, t.Kind, t.Status, t.OutputJson, t.CompletedAt }).ToListAsync(ct))
            .Where(t => t.Kind == TaskKind.Step && t.Status == WorkTaskStatus.Completed).OrderBy(t => t.CompletedAt);
        foreach (var o in outputs.Where(o => o.Id != justCompleted?.Id).Select(o => o.OutputJson).Append(justCompleted?.OutputJson))
            foreach (var (key, value) in DomainJson.ParseObject(o))
                context[key] = value?.DeepClone();
        return context;
    }
}
