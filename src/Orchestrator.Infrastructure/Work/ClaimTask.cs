using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// A human claims a task: one conditional UPDATE that checks status, route and the worker's capacity in the same
/// statement, so of many people claiming at once exactly one wins and nobody exceeds capacity. It mirrors the guard of
/// <see cref="WorkTask.Claim"/> (human route, status Queued or Escalated) in SQL, which is what keeps it atomic.
/// "Next task" claims, which many workers make at once, share their transactions (<see cref="WriteBatcher{TRequest,TResult}"/>).
/// </summary>
public sealed class ClaimTask
{
    private readonly WorkStore store;
    private readonly WorkflowCatalog catalog;
    private readonly WorkOptions options;
    private readonly ILiveNotifier live;
    private readonly WriteBatcher<NextClaim, WorkTask?> nextClaims;

    public ClaimTask(WorkStore store, WorkflowCatalog catalog, WorkOptions options, ILiveNotifier live)
    {
        this.store = store;
        this.catalog = catalog;
        this.options = options;
        this.live = live;
        nextClaims = new(store, ClaimNextAsync);
    }

    private sealed record NextClaim(Worker Worker, IReadOnlyList<string> SkillKeys, Guid Token);

    /// <summary>Claims one named task.</summary>
    public Task<WorkResult<WorkTask>> HandleAsync(string userId, Guid taskId, CancellationToken ct = default) =>
        TimedAsync(ClaimOneAsync(userId, taskId, ct));

    /// <summary>Claims the most urgent task this worker may take: priority, then SLA due time, then age.</summary>
    public Task<WorkResult<WorkTask>> NextAsync(string userId, CancellationToken ct = default) =>
        TimedAsync(ClaimNextForAsync(userId, ct));

    /// <summary>Claim count and latency, by outcome, for operators' dashboards.</summary>
    private static async Task<WorkResult<WorkTask>> TimedAsync(Task<WorkResult<WorkTask>> claim)
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
        var token = Guid.NewGuid();
        WorkTask? claimed;
        // The claim, the read of what it claimed and its audit record commit together: nothing (such as a reassignment)
        // can change the task between the UPDATE and the read.
        using (await store.WriteTurnAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = store.Now;
            claimed = await ClaimWhere(db, db.Tasks.Where(t => t.Id == taskId), worker, token, now, ct) == 0 ? null : await ClaimedAsync(db, worker, token, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return claimed is null ? await RefusalAsync(db, taskId, worker, ct) : await ClaimedResultAsync(claimed, ct);
    }

    private async Task<WorkResult<WorkTask>> ClaimNextForAsync(string userId, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        var worker = await db.Workers.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == userId, ct);
        if (worker is null) return WorkResult<WorkTask>.Refused("not-a-worker", "Your account has no worker profile, so it cannot claim tasks.");
        if (worker.Availability == Availability.Away) return WorkResult<WorkTask>.Refused("away", "You are Away. Set yourself Available to get tasks.");
        var skillKeys = (await catalog.SkillKeysAsync(db, options.ReviewerSkill, ct)).Where(k => SkillSet.Covers(worker.SkillList, k)).ToList();
        var claimed = await nextClaims.SubmitAsync(new NextClaim(worker, skillKeys, Guid.NewGuid()));
        if (claimed is not null) return await ClaimedResultAsync(claimed, ct);
        return await HeldCountAsync(db, worker.UserId, ct) >= worker.Capacity
            ? AtCapacity(worker)
            : WorkResult<WorkTask>.NotFound("No task is waiting for you right now.");
    }

    private async Task<WorkTask?> ClaimNextAsync(OrchestratorDbContext db, NextClaim claim, DateTime now)
    {
        var (worker, skillKeys, token) = claim;
        var isTrainee = worker.IsTrainee;
        var waiting = db.Tasks.Where(t => EF.Property<int>(t, WorkTaskColumns.HumanQueue) == 1
                                          && skillKeys.Contains(t.RequiredSkills) && (isTrainee || !t.ReservedForTrainees));
        // Only trainees sort by the reservation: a constant first sort key keeps SQLite from using the queue index's order.
        var byUrgency = isTrainee
            ? waiting.OrderByDescending(t => t.ReservedForTrainees).ThenByDescending(t => t.Priority)
            : waiting.OrderByDescending(t => t.Priority);
        var next = byUrgency.ThenBy(t => t.SlaDueAt).ThenBy(t => t.CreatedAt).Select(t => t.Id);
        // "Id = (SELECT … LIMIT 1)" lets SQLite find the row by its key; "Id IN (…)" made it walk the whole queue again.
        var claimed = await ClaimWhere(db, db.Tasks.Where(t => t.Id == next.FirstOrDefault()), worker, token, now, CancellationToken.None);
        return claimed == 0 ? null : await ClaimedAsync(db, worker, token, now, CancellationToken.None);
    }

    public static Task<int> HeldCountAsync(OrchestratorDbContext db, string userId, CancellationToken ct) =>
        db.Tasks.CountAsync(t => t.AssigneeId == userId && t.Status == WorkTaskStatus.Claimed, ct);

    private async Task<int> ClaimWhere(OrchestratorDbContext db, IQueryable<WorkTask> target, Worker worker, Guid token, DateTime now, CancellationToken ct)
    {
        await CapacityLock.HoldAsync(db, worker.UserId, ct);
        var userId = worker.UserId;
        var capacity = worker.Capacity;
        var leaseEnd = now + options.ClaimLease;
        return await target
            .Where(t => t.Route == TaskRoute.Human && (t.Status == WorkTaskStatus.Queued || t.Status == WorkTaskStatus.Escalated)
                        && db.Tasks.Count(h => h.AssigneeId == userId && h.Status == WorkTaskStatus.Claimed) < capacity)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, WorkTaskStatus.Claimed)
                .SetProperty(t => t.AssigneeId, userId)
                .SetProperty(t => t.AssigneeName, worker.DisplayName)
                .SetProperty(t => t.ClaimedAt, now)
                .SetProperty(t => t.LeaseExpiresAt, leaseEnd)
                .SetProperty(t => t.ClaimToken, token)
                .SetProperty(t => t.Attempt, t => t.Attempt + 1)
                .SetProperty(t => t.Version, t => t.Version + 1), ct);
    }

    /// <summary>Reads back the task just claimed and adds its audit record to the unit of work.</summary>
    private static async Task<WorkTask> ClaimedAsync(OrchestratorDbContext db, Worker worker, Guid token, DateTime now, CancellationToken ct)
    {
        // Found through the (AssigneeId, Status) index among the few tasks this worker holds.
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.AssigneeId == worker.UserId && t.Status == WorkTaskStatus.Claimed && t.ClaimToken == token, ct);
        db.Record(now, Actor.User(worker.UserId, worker.DisplayName), "task.claimed", "task", task.Id.ToString(), after: new { task.Status, task.AssigneeName, task.LeaseExpiresAt });
        return task;
    }

    private async Task<WorkResult<WorkTask>> ClaimedResultAsync(WorkTask task, CancellationToken ct)
    {
        await live.PublishAsync([new LiveEvent(LiveEvent.Kinds.TaskChanged, task.WorkflowKey, task.StepKey, task.Id, task.CaseId, task.Status.ToString(), task.AssigneeId)], ct);
        return WorkResult<WorkTask>.Ok(task);
    }

    private async Task<WorkResult<WorkTask>> RefusalAsync(OrchestratorDbContext db, Guid taskId, Worker worker, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, ct);
        if (task.Status == WorkTaskStatus.Claimed)
            return task.AssigneeId == worker.UserId
                ? WorkResult<WorkTask>.Ok(task)
                : WorkResult<WorkTask>.Conflict("already-claimed", $"Already claimed by {task.AssigneeName}.");
        if (task.Route != TaskRoute.Human || !WorkTask.HumanQueueStatuses.Contains(task.Status))
            return WorkResult<WorkTask>.Conflict("not-available", $"This task is {task.Status} and no longer in the queue.");
        return AtCapacity(worker);
    }

    private static WorkResult<WorkTask> AtCapacity(Worker worker) =>
        WorkResult<WorkTask>.Refused("at-capacity", $"You already hold {worker.Capacity} tasks, your capacity. Complete or release one first.");
}
