using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Work;

public abstract class OpenCaseConcurrencyTests(StoreKind store) : IAsyncLifetime
{
    private WorkEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await WorkEngine.StartAsync(store);

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Open_MakesOneCase_When20CallsShareAnExternalId()
    {
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await _engine.Open.HandleAsync(new OpenCaseRequest(WorkEngine.WorkflowKey, "ext-42", 0, new JsonObject { ["call"] = i }), Actor.System);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Single(results, r => r.Value!.Created);
        Assert.Single(results.Select(r => r.Value!.Case.Id).Distinct());
        Assert.Equal(1, await _engine.QueryAsync(db => db.Cases.CountAsync()));
        Assert.Equal(1, await _engine.QueryAsync(db => db.Tasks.CountAsync()));
        Assert.Equal(1, await _engine.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "case.opened")));
    }

    [Fact]
    public async Task Open_Succeeds_ForEveryOneOf40CasesOpenedAtOnce()
    {
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await _engine.Open.HandleAsync(new OpenCaseRequest(WorkEngine.WorkflowKey, $"burst-{i}", 0, new JsonObject { ["call"] = i }), Actor.System);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(calls);

        // Every opening routes the same first step: they take turns on its routing state, and none is refused as "changed".
        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(40, await _engine.QueryAsync(db => db.Cases.CountAsync()));
        Assert.Equal(40, await _engine.QueryAsync(db => db.Tasks.CountAsync()));
    }
}

public sealed class OpenCaseConcurrencyOnSqlite() : OpenCaseConcurrencyTests(StoreKind.Sqlite);

public sealed class OpenCaseConcurrencyOnPostgres() : OpenCaseConcurrencyTests(StoreKind.Postgres);
