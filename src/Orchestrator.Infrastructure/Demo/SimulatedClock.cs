namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// A clock the demo history moves by hand, from weeks ago up to now. Waits on it (an agent's simulated latency) end at
/// once: the history is written as fast as the store takes it, whatever time it says.
/// </summary>
public sealed class SimulatedClock(DateTime start) : TimeProvider
{
    private DateTime _now = DateTime.SpecifyKind(start, DateTimeKind.Utc);

    public DateTime Now => _now;

    public override DateTimeOffset GetUtcNow() => new(_now, TimeSpan.Zero);

    /// <summary>Moves on by <paramref name="by"/>; never back.</summary>
    public void Advance(TimeSpan by) { if (by > TimeSpan.Zero) _now += by; }

    /// <summary>Moves on to <paramref name="at"/> when it is later.</summary>
    public void MoveTo(DateTime at) { if (at > _now) _now = DateTime.SpecifyKind(at, DateTimeKind.Utc); }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
}
