using System.Collections.Concurrent;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>
/// Group commit for small writes that many callers make at once (claims): each caller queues its request, and whoever
/// finds no batch running runs one for everything queued, in one transaction under the write gate. Each request is
/// still its own statements, run in arrival order, each seeing the ones before it, so its outcome is the one it would
/// have had in a transaction of its own; only the commit (and the wait for the lock) is shared. Should the shared
/// transaction fail, nothing of it is stored and each request runs again in a transaction of its own.
/// </summary>
public sealed class WriteBatcher<TRequest, TResult>(WorkStore store, Func<OrchestratorDbContext, TRequest, DateTime, Task<TResult>> write, int maxBatch = 64)
{
    private readonly ConcurrentQueue<(TRequest Request, TaskCompletionSource<TResult> Result)> _queue = new();
    private int _running;

    /// <summary>Queues the request; completes when the transaction that ran it has committed.</summary>
    public Task<TResult> SubmitAsync(TRequest request)
    {
        var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((request, result));
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0) _ = Task.Run(RunBatchesAsync);
        return result.Task;
    }

    private async Task<List<TResult>> RunAsync(IReadOnlyList<TRequest> requests)
    {
        var results = new List<TResult>(requests.Count);
        await using var db = await store.ReadAsync();
        using (await store.WriteTurnAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var now = store.Now;
            foreach (var request in requests) results.Add(await write(db, request, now));
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        return results;
    }

    private async Task RunBatchesAsync()
    {
        do
        {
            while (!_queue.IsEmpty)
            {
                var batch = new List<(TRequest Request, TaskCompletionSource<TResult> Result)>(Math.Min(maxBatch, _queue.Count));
                while (batch.Count < maxBatch && _queue.TryDequeue(out var item)) batch.Add(item);
                if (batch.Count > 1)
                {
                    try
                    {
                        var results = await RunAsync(batch.Select(b => b.Request).ToList());
                        for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
                        continue;
                    }
                    catch (Exception) { } // each on its own below, so one bad request, or one bad moment, fails no other
                }
                foreach (var (request, result) in batch)
                {
                    try { result.TrySetResult((await RunAsync([request]))[0]); }
                    catch (Exception ex) { result.TrySetException(ex); }
                }
            }
            Volatile.Write(ref _running, 0);
        }
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _running, 1, 0) == 0);
    }
}
