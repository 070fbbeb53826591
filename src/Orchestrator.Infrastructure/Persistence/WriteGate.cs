namespace Orchestrator.Infrastructure.Persistence;

/// <summary>
/// Where this process's write transactions queue for the store. SQLite lets one writer in at a time; left to itself,
/// its busy handler makes waiters sleep and retry, so the lock sits idle while they sleep, newcomers overtake old
/// waiters and the slowest wait for seconds. Here they wait their turn, first come first served, and each starts the
/// moment the one before commits. Writers in other processes, and single statements outside a transaction, still wait
/// in the busy handler. A store that takes many writers at once gets a gate that never waits.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim? _single;

    public WriteGate(bool singleWriter) => _single = singleWriter ? new SemaphoreSlim(1, 1) : null;

    /// <summary>True when the store lets one writer in at a time (SQLite).</summary>
    public bool SingleWriter => _single is not null;

    /// <summary>Waits for this process's turn to write; dispose the result right after the commit or rollback.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken ct = default)
    {
        if (_single is not null) await _single.WaitAsync(ct);
        return new Turn(_single);
    }

    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
