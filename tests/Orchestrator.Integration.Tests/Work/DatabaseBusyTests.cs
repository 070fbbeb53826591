using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Work;

/// <summary>Another process holds the database's write lock for a while: claims and completions wait, then all land once.</summary>
public sealed class DatabaseBusyTests : IAsyncLifetime
{
    private WorkEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await WorkEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task ClaimsAndCompletions_WaitOutAWriteLock_AndNoneIsLostOrDoubled()
    {
        var workers = await _engine.AddWorkersAsync(8, capacity: 2);
        var taskIds = await _engine.AddTasksAsync(120);
        var completed = new ConcurrentBag<Guid>();
        var problems = new ConcurrentQueue<string>();
        var lockTaken = new TaskCompletionSource();

        async Task WorkAsync(string worker)
        {
            while (true)
            {
                var claim = await _engine.Claim.NextAsync(worker);
                if (claim.Succeeded)
                {
                    var done = await _engine.Complete.HandleAsync(worker, claim.Value!.Id, WorkEngine.DoneOutput);
                    if (done.Succeeded) completed.Add(claim.Value.Id);
                    else problems.Enqueue($"{worker} could not complete {claim.Value.Id}: {done.Code} {done.Message}");
                }
                else if (claim.Code == "at-capacity") await Task.Delay(5);
                else if (claim.Outcome == WorkOutcome.NotFound)
                {
                    if (await _engine.QueryAsync(db => db.Tasks.CountAsync(t => t.Status == WorkTaskStatus.Queued)) == 0) return;
                }
                else { problems.Enqueue($"{worker}: {claim.Outcome} {claim.Code} {claim.Message}"); return; }
            }
        }

        // Another process (here: another connection) takes the write lock once work is under way, and holds it for 2 s.
        var holder = Task.Run(async () =>
        {
            while (completed.Count < 20) await Task.Delay(5);
            await using var other = new SqliteConnection(new DataStoreOptions { DataFolder = _engine.Folder }.SqliteConnectionString(_engine.Folder) + ";Pooling=False");
            await other.OpenAsync();
            await using (var begin = other.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; await begin.ExecuteNonQueryAsync(); }
            var before = completed.Count;
            lockTaken.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var during = completed.Count - before;
            await using (var commit = other.CreateCommand()) { commit.CommandText = "COMMIT"; await commit.ExecuteNonQueryAsync(); }
            return during;
        });

        await Task.WhenAll(workers.Select(w => Task.Run(() => WorkAsync(w))).Append(holder));

        Assert.True(lockTaken.Task.IsCompleted);
        // At most the writes already past the lock when it was taken got through while it was held.
        Assert.InRange(await holder, 0, workers.Count);
        Assert.Empty(problems);
        Assert.Equal(taskIds.Order(), completed.Order());
        var stored = await _engine.QueryAsync(db => db.Tasks.AsNoTracking().ToListAsync());
        Assert.All(stored, t => { Assert.Equal(WorkTaskStatus.Completed, t.Status); Assert.Equal(1, t.Attempt); });
        Assert.Equal(taskIds.Count, await _engine.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "task.completed")));
    }
}
