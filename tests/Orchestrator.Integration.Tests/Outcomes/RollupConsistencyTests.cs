using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Integration.Tests.Work;

namespace Orchestrator.Integration.Tests.Outcomes;

/// <summary>
/// The rollups must say exactly what aggregating the raw tables says, whatever happened: a seeded random run of case
/// intake, claims, completions, escalations (by people and by agents), reassignments, gating and late reviews, and
/// cancellations, over several days, is checked row for row against the raw aggregation.
/// </summary>
public sealed class RollupConsistencyTests : IAsyncLifetime
{
    private const string Flow = "rollup-flow";
    private const string Bot = "bot";
    private WorkEngine _engine = null!;
    private IReadOnlyList<string> _workers = [];

    public async Task InitializeAsync()
    {
        _engine = await WorkEngine.StartAsync();
        _workers = ["r1", "r2", "r3"];
        await _engine.QueryAsync(db =>
        {
            db.Workers.AddRange(_workers.Select(id => Worker.Create(id, "Reviewer " + id, [_engine.Options.ReviewerSkill], 5, 30m)));
            return db.SaveChangesAsync();
        });
        var now = _engine.Clock.GetUtcNow().UtcDateTime;
        var workflow = Workflow.Create(Flow, "Rollup flow", "An agent step under review, then a human step.", now);
        StepDefinition[] steps =
        [
            new()
            {
                Key = "extract", Name = "Extract", SlaMinutes = 90, CostOfError = 20m,
                Outputs = [new FieldDefinition { Key = "amount", Type = FieldType.Number }],
                Staffing = new StaffingPolicy { Mode = StaffingMode.Hybrid, AgentShare = 70, AllowedAgents = [Bot], Oversight = Oversight.ReviewAll,
                    KeepHumansReason = KeepHumansReason.Apprenticeship, KeepHumansNote = "Juniors learn here" },
            },
            new()
            {
                Key = "decide", Name = "Decide", SlaMinutes = 240,
                Outputs = [new FieldDefinition { Key = "done", Type = FieldType.YesNo }],
                Staffing = StaffingPolicy.AllHuman(KeepHumansReason.HighStakes, "Money moves"),
            },
        ];
        var version = WorkflowVersion.Draft(workflow, 1, steps, 30m, "tests", now);
        version.Publish("tests", now);
        await _engine.QueryAsync(db =>
        {
            db.Workflows.Add(workflow);
            db.WorkflowVersions.Add(version);
            db.AgentProfiles.Add(AgentProfile.Create(Bot, "Bot", AgentKind.Simulated, "sim", "1", 0.02m, 0.001m, 50, now));
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task Rollups_EqualRawAggregation_AfterRandomOperations()
    {
        var random = new Random(11);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 260; i++)
        {
            _engine.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 240)));
            var op = await StepAsync(random);
            if (op is not null) counts[op] = counts.GetValueOrDefault(op) + 1;
        }

        var (raw, stored) = await _engine.QueryAsync(async db => (await RawRollups.ComputeAsync(db), await RawRollups.StoredAsync(db)));
        Assert.Equal(Sorted(raw.Outcomes), Sorted(stored.Outcomes));
        Assert.Equal(Sorted(raw.Steps), Sorted(stored.Steps));
        foreach (var op in new[] { "complete", "agent-complete", "agent-escalate", "escalate", "reassign", "cancel", "late-review", "review" })
            Assert.True(counts.GetValueOrDefault(op) > 0, $"The run never did '{op}'; pick another seed.");
        Assert.True(raw.Outcomes.Values.Sum(m => m.Outcomes) > 5);
        Assert.Contains(raw.Steps, s => s.Key.Kind == TaskKind.Review && s.Value.Passed + s.Value.Failed > 0);
    }

    [Fact]
    public async Task Rebuild_RestoresRollups_FromRawTables()
    {
        var random = new Random(5);
        for (var i = 0; i < 50; i++) { _engine.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 120))); await StepAsync(random); }
        await _engine.QueryAsync(db => db.StepRollups.ExecuteDeleteAsync());
        await _engine.QueryAsync(db => RawRollups.RebuildAsync(db));

        var (raw, stored) = await _engine.QueryAsync(async db => (await RawRollups.ComputeAsync(db), await RawRollups.StoredAsync(db)));
        Assert.NotEmpty(stored.Steps);
        Assert.Equal(Sorted(raw.Steps), Sorted(stored.Steps));
        Assert.Equal(Sorted(raw.Outcomes), Sorted(stored.Outcomes));
    }

    private static List<string> Sorted<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> rows) where TValue : struct =>
        [.. rows.Where(r => !r.Value.Equals(default(TValue))).Select(r => $"{r.Key} => {r.Value}").Order(StringComparer.Ordinal)];

    /// <summary>One random operation; returns its name when it changed something.</summary>
    private async Task<string?> StepAsync(Random random)
    {
        var s = _engine.Services;
        var open = await _engine.QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.Status != WorkTaskStatus.Completed
            && t.Status != WorkTaskStatus.Cancelled && t.Status != WorkTaskStatus.Failed).ToListAsync());
        var roll = random.Next(100);
        if (roll < 18 || open.Count == 0)
        {
            var result = await _engine.Open.HandleAsync(new OpenCaseRequest(Flow, null, 0, new JsonObject()), Actor.System);
            return result.Succeeded ? "open" : null;
        }
        var task = open[random.Next(open.Count)];
        var worker = _workers[random.Next(_workers.Count)];
        if (roll < 24) return (await s.GetRequiredService<CancelTask>().HandleAsync(Actor.System, task.Id, "changed my mind")).Succeeded ? "cancel" : null;
        if (roll < 32)
        {
            ReassignTarget target = random.Next(3) switch
            {
                0 => new(ReassignKind.ToQueue),
                1 => new(ReassignKind.ToHuman, UserId: worker),
                _ => new(ReassignKind.ToAgent, AgentKey: Bot),
            };
            var outcome = await s.GetRequiredService<ReassignTasks>().HandleAsync(Actor.System, [task.Id], target);
            return outcome[0].Succeeded ? "reassign" : null;
        }
        if (roll < 40) return await LateReviewAsync() ? "late-review" : null;
        if (task.Route == TaskRoute.Agent && task.Status == WorkTaskStatus.Queued) return await RunAgentAsync(task, random);
        if (task.Status == WorkTaskStatus.Claimed && task.AssigneeId is { } holder) return await WorkAsync(holder, task, random);
        if (task.Route == TaskRoute.Human)
        {
            var claimed = await _engine.Claim.HandleAsync(worker, task.Id);
            return claimed.Succeeded ? await WorkAsync(worker, claimed.Value!, random) : null;
        }
        return null;
    }

    private async Task<string?> WorkAsync(string worker, WorkTask task, Random random)
    {
        _engine.Clock.Advance(TimeSpan.FromMinutes(random.Next(1, 30)));
        if (random.Next(6) == 0)
            return (await _engine.Services.GetRequiredService<EscalateTask>().HandleAsync(worker, task.Id, "not sure", null)).Succeeded ? "escalate" : null;
        JsonObject output = task.Kind == TaskKind.Review ? new() { ["pass"] = random.Next(4) > 0 }
            : task.StepKey == "extract" ? new() { ["amount"] = random.Next(1000) } : new() { ["done"] = true };
        var done = await _engine.Complete.HandleAsync(worker, task.Id, output);
        return done.Succeeded ? (task.Kind == TaskKind.Review ? "review" : "complete") : null;
    }

    private async Task<string?> RunAgentAsync(WorkTask task, Random random)
    {
        var store = _engine.Services.GetRequiredService<WorkStore>();
        var started = await store.WriteAsync<int>(async (db, _) =>
        {
            var t = await db.Tasks.SingleAsync(x => x.Id == task.Id);
            t.StartAgent(Bot, store.Now, TimeSpan.FromMinutes(5));
            return WorkResult<int>.Ok(t.Attempt);
        });
        if (!started.Succeeded) return null;
        var profile = await _engine.QueryAsync(db => db.AgentProfiles.AsNoTracking().SingleAsync(a => a.Key == Bot));
        var confident = random.Next(4) > 0;
        var answer = new AgentAnswer(new JsonObject { ["amount"] = random.Next(1000) }, confident ? 0.95 : 0.2, random.Next(100, 900));
        var finished = await _engine.Services.GetRequiredService<FinishAgentRun>().HandleAsync(task.Id, started.Value, profile, answer, null, null);
        return finished.Succeeded ? (confident ? "agent-complete" : "agent-escalate") : null;
    }

    /// <summary>A sampled review of an agent's work on a case that already reached its outcome.</summary>
    private async Task<bool> LateReviewAsync()
    {
        var store = _engine.Services.GetRequiredService<WorkStore>();
        var result = await store.WriteAsync<bool>(async (db, _) =>
        {
            var reviewed = await db.Tasks.Where(t => t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Completed && t.Kind == TaskKind.Step
                    && db.Cases.Any(c => c.Id == t.CaseId && c.Status == Domain.Cases.CaseStatus.Completed)
                    && !db.Tasks.Any(r => r.ReviewOfTaskId == t.Id && r.RouteReason == "sampled"))
                .FirstOrDefaultAsync();
            if (reviewed is null) return WorkResult<bool>.Ok(false);
            db.Tasks.Add(WorkTask.CreateReview(reviewed, "", 60, "sampled", store.Now));
            return WorkResult<bool>.Ok(true);
        });
        return result.Value;
    }
}
