using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Web.Components.Shared;

/// <summary>
/// A component that reloads when live events it cares about arrive. The first change after a quiet spell reloads at
/// once; changes that arrive meanwhile are coalesced into the next reload, at least <see cref="Debounce"/> after the
/// last one ended, so a thousand agent completions do not mean a thousand re-queries, a single change is not held
/// back, and the person's own clicks always find the circuit free between reloads.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    [Inject] private ILiveFeed Feed { get; set; } = default!;
    [Inject] private ILogger<LiveComponent> Log { get; set; } = default!;

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
        lock (_buffer)
        {
            _buffer.Add(e);
            if (_pending == 1) return Task.CompletedTask; // the running reloader takes it
            _pending = 1;
        }
        _ = Task.Run(ReloadWhileChangedAsync);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reloads until no change is left, leaving at least <see cref="Debounce"/> between the end of one reload and the
    /// start of the next, so a steady stream of changes never keeps the circuit busy with reloads alone.
    /// </summary>
    private async Task ReloadWhileChangedAsync()
    {
        while (true)
        {
            var wait = Debounce - System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastReload));
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            List<LiveEvent> batch;
            lock (_buffer) { batch = [.. _buffer]; _buffer.Clear(); }
            if (_disposed) return;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await InvokeAsync(async () =>
                {
                    await OnLiveChangeAsync(batch);
                    StateHasChanged();
                });
                var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (took >= SlowCircuitActivity.Threshold)
                    Log.LogWarning("{Component} took {Milliseconds:0} ms to reload after {Count} live changes; the person's clicks waited meanwhile.", GetType().Name, took.TotalMilliseconds, batch.Count);
            }
            catch (Exception) when (_disposed) { return; }
            catch (ObjectDisposedException) { return; }
            catch (Exception ex)
            {
                // One failed reload must not end the page's live updates: the next change tries again.
                Log.LogWarning(ex, "{Component} failed to reload after a live change.", GetType().Name);
            }
            finally { Interlocked.Exchange(ref _lastReload, System.Diagnostics.Stopwatch.GetTimestamp()); }
            lock (_buffer)
            {
                if (_buffer.Count == 0) { _pending = 0; return; }
            }
        }
    }

    public virtual void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
