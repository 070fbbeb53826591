using System.Collections.Concurrent;
using Orchestrator.Domain.Agents;
using Orchestrator.Infrastructure.Cluster;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// The instances whose agent queue drains run, so that they share each agent's concurrency cap instead of the first
/// to claim keeping it all: every drain announces itself about once a second and counts the others it heard within the
/// last few. An instance that stops announcing (stopped, killed, cut off) drops out after <see cref="Timeout"/>, and
/// the others take its share. With one instance (the embedded store) the count is always one.
/// </summary>
public sealed class DrainPeers
{
    public static readonly TimeSpan AnnounceEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly IClusterSignals _signals;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<Guid, long> _heardAt = new();
    private long _announcedAt = long.MinValue;
    private long _workToldAt = long.MinValue;

    public DrainPeers(IClusterSignals signals, TimeProvider clock)
    {
        _signals = signals;
        _clock = clock;
        signals.Received += (signal, sender) =>
        {
            if (signal == ClusterSignal.Draining) _heardAt[sender] = _clock.GetTimestamp();
            else if (signal == ClusterSignal.AgentWorkWaiting) WorkWaitingElsewhere?.Invoke();
        };
    }

    /// <summary>Another instance left agent tasks waiting.</summary>
    public event Action? WorkWaitingElsewhere;

    /// <summary>The drains running in the cluster, this one included.</summary>
    public int Count
    {
        get
        {
            var now = _clock.GetTimestamp();
            var count = 1;
            foreach (var (peer, heard) in _heardAt)
            {
                if (_clock.GetElapsedTime(heard, now) < Timeout) count++;
                else _heardAt.TryRemove(peer, out _);
            }
            return count;
        }
    }

    /// <summary>This drain's part of an agent's cap: an even split, rounded up so that the cap is always used.</summary>
    public int ShareOf(AgentProfile agent) => (agent.MaxConcurrency + Count - 1) / Count;

    public Task AnnounceAsync(CancellationToken ct) => SendThrottledAsync(ref _announcedAt, ClusterSignal.Draining, ct);

    public Task TellWorkWaitingAsync(CancellationToken ct) => SendThrottledAsync(ref _workToldAt, ClusterSignal.AgentWorkWaiting, ct);

    private Task SendThrottledAsync(ref long sentAt, ClusterSignal signal, CancellationToken ct)
    {
        var now = _clock.GetTimestamp();
        var last = Interlocked.Read(ref sentAt);
        if (last != long.MinValue && _clock.GetElapsedTime(last, now) < AnnounceEvery) return Task.CompletedTask;
        return Interlocked.CompareExchange(ref sentAt, now, last) == last ? _signals.SendAsync(signal, ct) : Task.CompletedTask;
    }
}
