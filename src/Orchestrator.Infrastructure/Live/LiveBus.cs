using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Infrastructure.Live;

/// <summary>
/// Fans events out to the circuits of this process. The SignalR hub publisher feeds it from every instance's events
/// (through the hub, and its backplane when one is configured), so a circuit here hears changes made elsewhere.
/// </summary>
public sealed class LiveBus(ILogger<LiveBus> logger) : ILiveFeed
{
    private readonly ConcurrentDictionary<Guid, Func<LiveEvent, Task>> _subscribers = new();

    public int SubscriberCount => _subscribers.Count;

    public IDisposable Subscribe(Func<LiveEvent, Task> onEvent)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = onEvent;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    public async Task DeliverAsync(IReadOnlyList<LiveEvent> events)
    {
        foreach (var handler in _subscribers.Values)
            foreach (var e in events)
            {
                try { await handler(e); }
                catch (Exception ex) { logger.LogWarning(ex, "A live subscriber failed on {Kind}", e.Kind); }
            }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose() { if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose(); }
    }
}
