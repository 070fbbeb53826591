using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Infrastructure.Work;

/// <summary>A worker sets themselves Available or Away. Away workers get nothing pushed by "Next task".</summary>
public sealed class SetAvailability(WorkStore store)
{
    public Task<WorkResult<Worker>> HandleAsync(string userId, Availability availability, CancellationToken ct = default) =>
        store.WriteAsync<Worker>(async (db, effects) =>
        {
            var worker = await db.Workers.SingleOrDefaultAsync(w => w.UserId == userId, ct);
            if (worker is null) return WorkResult<Worker>.NotFound("Your account has no worker profile.");
            var before = worker.Availability;
            if (before == availability) return WorkResult<Worker>.Ok(worker);
            worker.SetAvailability(availability);
            db.Record(store.Now, Actor.User(userId, worker.DisplayName), "worker.availability", "worker", userId, before.ToString(), availability.ToString());
            effects.Events.Add(new LiveEvent(LiveEvent.Kinds.WorkforceChanged, "", null, null, null, availability.ToString(), userId));
            return WorkResult<Worker>.Ok(worker);
        }, ct);
}
