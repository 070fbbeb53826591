namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// A clock the demo history moves by hand, from weeks ago up to now. Waits on it (an agent's simulated latency) end at
/// once: the history is written as fast as the store takes it, whatever time it says. It never passes its
/// <paramref name="limit"/> (the real now when the history began), so nothing in the past is dated in the future.
/// </summary>
public sealed class SimulatedClock(DateTime start, DateTime? limit = null) : TimeProvider
{
    private readonly DateTime _limit = DateTime.SpecifyKind(limit ?? DateTime.MaxValue, DateTimeKind.Utc);
    private DateTime _now = DateTime.SpecifyKind(start, DateTimeKind.Utc);

    public DateTime Now => _now;

    public override DateTimeOffset GetUtcNow() => new(_now, TimeSpan.Zero);

    /// <summary>Moves on by <paramref name="by"/>, up to the limit; never back.</summary>
    public void Advance(TimeSpan by) { if (by > TimeSpan.Zero) MoveTo(_now + by); }

    /// <summary>Moves on to <paramref name="at"/> when it is later, up to the limit.</summary>
    public void MoveTo(DateTime at)
    {
        if (at > _limit) at = _limit;
        if (at > _now) _now = DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
}
