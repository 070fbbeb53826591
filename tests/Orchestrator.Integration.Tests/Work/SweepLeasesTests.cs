using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Work;

public abstract class SweepLeasesTests(StoreKind store) : IAsyncLifetime
{
    private WorkEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await WorkEngine.StartAsync(store);

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Sweep_ReturnsAnExpiredClaimToTheQueue_ForAnotherWorkerToClaim()
    {
        var workers = await _engine.AddWorkersAsync(2, capacity: 1);
        var (first, second) = (workers[0], workers[1]);
        var taskId = (await _engine.AddTasksAsync(1)).Single();
        Assert.True((await _engine.Claim.HandleAsync(first, taskId)).Succeeded);

        // Still inside the lease: the sweep leaves it and the other worker cannot have it.
        _engine.Clock.Advance(_engine.Options.ClaimLease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _engine.Sweep.HandleAsync());
        Assert.Equal("already-claimed", (await _engine.Claim.HandleAsync(second, taskId)).Code);

        _engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var swept = await _engine.Sweep.HandleAsync();

        Assert.Equal(1, swept);
        var queued = await _engine.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId));
        Assert.Equal(WorkTaskStatus.Queued, queued.Status);
        Assert.Null(queued.AssigneeId);
        Assert.Null(queued.LeaseExpiresAt);
        Assert.Equal(1, await _engine.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "task.lease-expired" && e.SubjectId == taskId.ToString())));

        var reclaimed = await _engine.Claim.HandleAsync(second, taskId);
        Assert.True(reclaimed.Succeeded, reclaimed.Message);
        Assert.Equal(second, reclaimed.Value!.AssigneeId);
        Assert.Equal(2, reclaimed.Value.Attempt);
        // the first worker's late completion is fenced off
        var late = await _engine.Complete.HandleAsync(first, taskId, WorkEngine.DoneOutput);
        Assert.Equal(WorkOutcome.Conflict, late.Outcome);
        Assert.Equal(0, await _engine.QueryAsync(db => ClaimTask.HeldCountAsync(db, first, default)));
    }

    [Fact]
    public async Task Sweep_IsSafeToRunTwice()
    {
        var worker = (await _engine.AddWorkersAsync(1, capacity: 1)).Single();
        var taskId = (await _engine.AddTasksAsync(1)).Single();
        await _engine.Claim.HandleAsync(worker, taskId);
        _engine.Clock.Advance(_engine.Options.ClaimLease + TimeSpan.FromMinutes(1));

        var counts = await Task.WhenAll(_engine.Sweep.HandleAsync(), _engine.Sweep.HandleAsync());

        Assert.Equal(1, counts.Sum());
        Assert.Equal(1, await _engine.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "task.lease-expired")));
    }
}

public sealed class SweepLeasesOnSqlite() : SweepLeasesTests(StoreKind.Sqlite);

public sealed class SweepLeasesOnPostgres() : SweepLeasesTests(StoreKind.Postgres);
