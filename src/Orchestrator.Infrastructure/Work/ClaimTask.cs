using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// A human claims a task: one conditional UPDATE that checks status, route and the worker's capacity in the same
/// statement (<see cref="ClaimStatement"/>), so of many people claiming at once exactly one wins and nobody exceeds capacity.
/// "Next task" claims, which many workers make at once, share their transactions (<see cref="WriteBatcher{TRequest,TResult}"/>):
/// one batch at a time on SQLite, several side by side on PostgreSQL, each worker's claims always in the same one.
/// </summary>
public sealed class ClaimTask
{
    private readonly WorkStore store;
    private readonly WorkflowCatalog catalog;
    private readonly WorkOptions options;
    private readonly ILiveNotifier live;
    private readonly WriteBatcher<NextClaim, ClaimedTask?>[] nextClaims;

    public ClaimTask(WorkStore store, WorkflowCatalog catalog, WorkOptions options, ILiveNotifier live)
    {
        this.store = store;
        this.catalog = catalog;
        this.options = options;
        this.live = live;
        nextClaims = Enumerable.Range(0, store.SingleWriter ? 1 : Math.Max(1, options.ClaimLanes))
            .Select(_ => new WriteBatcher<NextClaim, ClaimedTask?>(store, ClaimNextAsync, Math.Max(1, options.ClaimBatch))).ToArray();
    }

    private sealed record NextClaim(Worker Worker, IReadOnlyList<string> SkillKeys, Guid Token);

    /// <summary>Claims one named task.</summary>
    public Task<WorkResult<WorkTask>> HandleAsync(string userId, Guid taskId, CancellationToken ct = default) =>
        TimedAsync(ClaimOneAsync(userId, taskId, ct));

    /// <summary>
    /// Claims the most urgent task this worker may take: priority, then SLA due time, then age. It answers with what
    /// identifies the task, not the whole row: people claim their next task far more often than anything else, all at once.
    /// </summary>
    public Task<WorkResult<ClaimedTask>> NextAsync(string userId, CancellationToken ct = default) =>
        TimedAsync(ClaimNextForAsync(userId, ct));

    /// <summary>Claim count and latency, by outcome, for operators' dashboards.</summary>
    private static async Task<WorkResult<T>> TimedAsync<T>(Task<WorkResult<T>> claim)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await claim;
        Telemetry.OrchestratorTelemetry.RecordClaim(result.Outcome.ToString(), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async Task<WorkResult<WorkTask>> ClaimOneAsync(string userId, Guid taskId, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        var worker = await db.Workers.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId, ct);
        if (worker is null) return WorkResult<WorkTask>.Refused("not-a-worker", "Your account has no worker profile, so it cannot claim tasks.");
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null) return WorkResult<WorkTask>.NotFound("That task does not exist.");
        if (!worker.CanTake(task.RequiredSkills, task.ReservedForTrainees))
            return WorkResult<WorkTask>.Refused("not-eligible", task.ReservedForTrainees && !worker.IsTrainee
                ? "This task is reserved for trainees (apprenticeship quota)."
                : $"This task needs the skills {task.RequiredSkills}.");
        ClaimedTask? claimed;
        // The claim and its audit record commit together.
        using (await store.WriteTurnAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimant = Claimant(worker, Guid.NewGuid(), store.Now);
            claimed = await ClaimStatement.ClaimAsync(db, taskId, claimant, ct);
            await tx.CommitAsync(ct);
        }
        return claimed is not null ? await ClaimedResultAsync(db, claimed.Id, ct) : await RefusalAsync(db, taskId, worker, ct);
    }

    /// <summary>Compiled once per app ("next task" is the call the app serves most); a compiled query is bound to one model, so one provider.</summary>
    private readonly Func<OrchestratorDbContext, string, CancellationToken, Task<Worker?>> workerByUser =
        EF.CompileAsyncQuery((OrchestratorDbContext db, string userId, CancellationToken _) => db.Workers.AsNoTracking().SingleOrDefault(w => w.UserId == userId));

    private async Task<WorkResult<ClaimedTask>> ClaimNextForAsync(string userId, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        var worker = await workerByUser(db, userId, ct);
        if (worker is null) return WorkResult<ClaimedTask>.Refused("not-a-worker", "Your account has no worker profile, so it cannot claim tasks.");
        if (worker.Availability == Availability.Away) return WorkResult<ClaimedTask>.Refused("away", "You are Away. Set yourself Available to get tasks.");
        var skillKeys = (await catalog.SkillKeysAsync(db, options.ReviewerSkill, ct)).Where(k => SkillSet.Covers(worker.SkillList, k)).ToList();
        if (await LaneOf(worker).SubmitAsync(new NextClaim(worker, skillKeys, Guid.NewGuid())) is { } claimed)
        {
            await PublishClaimedAsync(claimed.WorkflowKey, claimed.StepKey, claimed.Id, claimed.CaseId, worker.UserId, ct);
            return WorkResult<ClaimedTask>.Ok(claimed);
        }
        return await HeldCountAsync(db, worker.UserId, ct) >= worker.Capacity
            ? AtCapacity<ClaimedTask>(worker)
            : WorkResult<ClaimedTask>.NotFound("No task is waiting for you right now.");
    }

    private WriteBatcher<NextClaim, ClaimedTask?> LaneOf(Worker worker) =>
        nextClaims[(int)((uint)StringComparer.Ordinal.GetHashCode(worker.UserId) % (uint)nextClaims.Length)];

    private Task<ClaimedTask?> ClaimNextAsync(OrchestratorDbContext db, NextClaim claim, DateTime now) =>
        ClaimStatement.ClaimNextAsync(db, claim.SkillKeys, Claimant(claim.Worker, claim.Token, now), CancellationToken.None);

    public static Task<int> HeldCountAsync(OrchestratorDbContext db, string userId, CancellationToken ct) =>
        db.Tasks.CountAsync(t => t.AssigneeId == userId && t.Status == WorkTaskStatus.Claimed, ct);

    private ClaimStatement.Claimant Claimant(Worker worker, Guid token, DateTime now) => new(worker, token, now, now + options.ClaimLease);

    /// <summary>Reads the claimed task, after the commit and outside the write, and tells every open page.</summary>
    private async Task<WorkResult<WorkTask>> ClaimedResultAsync(OrchestratorDbContext db, Guid taskId, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, ct);
        await PublishClaimedAsync(task.WorkflowKey, task.StepKey, task.Id, task.CaseId, task.AssigneeId, ct);
        return WorkResult<WorkTask>.Ok(task);
    }

    private Task PublishClaimedAsync(string workflowKey, string stepKey, Guid taskId, Guid caseId, string? assigneeId, CancellationToken ct) =>
        live.PublishAsync([new LiveEvent(LiveEvent.Kinds.TaskChanged, workflowKey, stepKey, taskId, caseId, nameof(WorkTaskStatus.Claimed), assigneeId)], ct);

    private async Task<WorkResult<WorkTask>> RefusalAsync(OrchestratorDbContext db, Guid taskId, Worker worker, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, ct);
        if (task.Status == WorkTaskStatus.Claimed)
            return task.AssigneeId == worker.UserId
                ? WorkResult<WorkTask>.Ok(task)
                : WorkResult<WorkTask>.Conflict("already-claimed", $"Already claimed by {task.AssigneeName}.");
        if (task.Route != TaskRoute.Human || !WorkTask.HumanQueueStatuses.Contains(task.Status))
            return WorkResult<WorkTask>.Conflict("not-available", $"This task is {task.Status} and no longer in the queue.");
        return AtCapacity<WorkTask>(worker);
    }

    private static WorkResult<T> AtCapacity<T>(Worker worker) =>
        WorkResult<T>.Refused("at-capacity", $"You already hold {worker.Capacity} tasks, your capacity. Complete or release one first.");
}
