using Microsoft.AspNetCore.Components;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Web.Components.Shared;

/// <summary>
/// A component that reloads when live events it cares about arrive. The first change after a quiet spell reloads at
/// once; a burst is coalesced into at most one reload per <see cref="Debounce"/> after that, so a thousand agent
/// completions do not mean a thousand re-queries, and a single change is not held back.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    [Inject] private ILiveFeed Feed { get; set; } = default!;

    private IDisposable? _subscription;
    private int _pending;
    private bool _disposed;
    private long _lastReload;

    protected virtual TimeSpan Debounce => TimeSpan.FromMilliseconds(150);

    protected override void OnInitialized() => _subscription = Feed.Subscribe(OnEventAsync);

    /// <summary>True when this event may change what the component shows.</summary>
    protected virtual bool Wants(LiveEvent e) => true;

    /// <summary>Called on the component's own context after relevant events; re-read and re-render.</summary>
    protected abstract Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events);

    private readonly List<LiveEvent> _buffer = [];

    private Task OnEventAsync(LiveEvent e)
    {
        if (_disposed || !Wants(e)) return Task.CompletedTask;
        lock (_buffer) _buffer.Add(e);
        if (Interlocked.Exchange(ref _pending, 1) == 1) return Task.CompletedTask;
        _ = Task.Run(async () =>
        {
            var wait = Debounce - System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastReload));
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            Interlocked.Exchange(ref _lastReload, System.Diagnostics.Stopwatch.GetTimestamp());
            List<LiveEvent> batch;
            lock (_buffer) { batch = [.. _buffer]; _buffer.Clear(); }
            Interlocked.Exchange(ref _pending, 0);
            if (_disposed) return;
            try
            {
                await InvokeAsync(async () =>
                {
                    await OnLiveChangeAsync(batch);
                    StateHasChanged();
                });
            }
            catch (ObjectDisposedException) { }
            catch (InvalidOperationException) when (_disposed) { }
        });
        return Task.CompletedTask;
    }

    public virtual void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
