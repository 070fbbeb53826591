using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;

namespace Orchestrator.Infrastructure.Work;

/// <summary>Keeps a human's claim alive while they are active in the task.</summary>
public sealed class ExtendClaim(WorkStore store, WorkOptions options)
{
    public async Task<DateTime?> HandleAsync(string userId, Guid taskId, CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        var leaseEnd = store.Now + options.ClaimLease;
        var extended = await db.Tasks.Where(t => t.Id == taskId && t.AssigneeId == userId && t.Status == WorkTaskStatus.Claimed)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseExpiresAt, leaseEnd), ct);
        return extended == 1 ? leaseEnd : null;
    }
}
