using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Routing;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>What a unit of work does besides writing rows: live events and agent runs, released only after commit.</summary>
public sealed class WorkEffects
{
    public List<LiveEvent> Events { get; } = [];
    public List<Guid> AgentTasks { get; } = [];
}

/// <summary>
/// Runs one write operation in its own context and transaction. On SQLite the transaction takes the write lock
/// up front (BEGIN IMMEDIATE), so read-then-write is serialized; a concurrency conflict on routing counters
/// (possible on other providers) retries the whole operation on a fresh context.
/// </summary>
public sealed class WorkStore(IDbContextFactory<OrchestratorDbContext> contexts, WriteGate gate, ILiveNotifier live, IAgentDispatcher agents, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    public TimeProvider Clock => clock;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<WorkResult<T>> WriteAsync<T>(Func<OrchestratorDbContext, WorkEffects, Task<WorkResult<T>>> operation, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var effects = new WorkEffects();
            WorkResult<T> result;
            await using (var db = await contexts.CreateDbContextAsync(ct))
            {
                using var turn = await gate.EnterAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                try
                {
                    result = await operation(db, effects);
                    if (!result.Succeeded) return result;
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }
                catch (Exception ex) when (attempt < MaxAttempts && (ex is DbUpdateException update ? IsRoutingRace(update) : IsTransient(ex)))
                {
                    continue;
                }
                catch (DbUpdateConcurrencyException)
                {
                    return WorkResult<T>.Conflict("changed", "Someone else changed this first. Reload to see where it stands now.");
                }
                catch (DomainException ex)
                {
                    return WorkResult<T>.From(ex);
                }
            }
            await AfterCommitAsync(effects, ct);
            return result;
        }
    }

    /// <summary>
    /// Two writers routed the same step at once: one lost the version check, or (on PostgreSQL, where writers run side by
    /// side) both inserted the step's first routing row. Either way the whole operation is simply tried again.
    /// </summary>
    private static bool IsRoutingRace(DbUpdateException ex) => ex is DbUpdateConcurrencyException concurrency
        ? concurrency.Entries.All(e => e.Entity is StepRoutingState)
        : ex.InnerException?.Message.Contains("RoutingStates", StringComparison.Ordinal) == true;

    /// <summary>A deadlock or serialization failure (PostgreSQL, when two units lock the same rows in another order): try again.</summary>
    private static bool IsTransient(Exception ex) => ex is System.Data.Common.DbException { IsTransient: true };

    public async Task AfterCommitAsync(WorkEffects effects, CancellationToken ct = default)
    {
        if (effects.Events.Count > 0) await live.PublishAsync(effects.Events, ct);
        if (effects.AgentTasks.Count > 0) await agents.DispatchAsync(effects.AgentTasks, ct);
    }

    public Task<OrchestratorDbContext> ReadAsync(CancellationToken ct = default) => contexts.CreateDbContextAsync(ct);

    /// <summary>
    /// For operations that write outside <see cref="WriteAsync{T}"/> with a transaction of their own: wait for this
    /// process's turn (see <see cref="WriteGate"/>), then begin it. Dispose the turn after the commit.
    /// </summary>
    public ValueTask<WriteGate.Turn> WriteTurnAsync(CancellationToken ct = default) => gate.EnterAsync(ct);

    /// <summary>True when the store lets one writer in at a time (SQLite): writes side by side would only queue.</summary>
    public bool SingleWriter => gate.SingleWriter;
}
