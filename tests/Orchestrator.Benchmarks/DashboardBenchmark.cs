using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Benchmarks;

/// <summary>
/// dashboard [cases] [--keep]: 200,000 cases and 1,000,000 tasks (4 steps and one review per case) over 90 days,
/// bulk-inserted with raw SQL; then a month of outcome dashboard data, read from the rollups and computed by
/// aggregating the raw rows, in the same run. Prints p50/p95 of each and whether they agree.
/// </summary>
public static class DashboardBenchmark
{
    private const string Workflow = "auto-claims";
    private static readonly string[] Steps = ["intake", "extract", "coverage", "fraud"];

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = args.FirstOrDefault(a => int.TryParse(a, out _)) is { } n ? int.Parse(n) : 200_000;
        var folder = Path.Combine(Path.GetTempPath(), "orchestrator-dashboard-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestratorStore(new DataStoreOptions { DataFolder = folder }, folder);
        services.AddOrchestratorWork(new WorkOptions(), new DemoOptions { Enabled = false });
        services.AddSingleton<IAgentDispatcher, NoAgents>();
        services.AddSingleton<ILiveNotifier, NoLiveUpdates>();
        await using var provider = services.BuildServiceProvider();
        var contexts = provider.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
        var today = new DateOnly(2026, 3, 31);
        Guid versionId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            var now = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-90);
            var workflow = Domain.Workflows.Workflow.Create(Workflow, "Auto claims", "", now);
            var version = WorkflowVersion.Draft(workflow, 1, AutoClaimsWorkflow.Steps(), AutoClaimsWorkflow.OutcomePrice, "bench", now);
            version.Publish("bench", now);
            db.Workflows.Add(workflow);
            db.WorkflowVersions.Add(version);
            await db.SaveChangesAsync();
            versionId = version.Id;
        }

        var dbPath = Path.Combine(folder, "orchestrator.db");
        var clock = Stopwatch.StartNew();
        var (caseRows, taskRows) = BulkInsert(dbPath, versionId, cases, today);
        Console.WriteLine($"inserted {caseRows:N0} cases and {taskRows:N0} tasks in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Database.SetCommandTimeout(600);
            await RawRollups.RebuildAsync(db);
            Console.WriteLine($"rollups built from the raw rows in {clock.Elapsed.TotalSeconds:0.0} s: " +
                $"{await db.OutcomeRollups.CountAsync():N0} outcome rows, {await db.StepRollups.CountAsync():N0} step rows");
        }

        var queries = provider.GetRequiredService<OutcomeQueries>();
        var from = today.AddDays(-29);
        var fromRollups = await TimeAsync("rollups", 40, () => queries.DashboardAsync(Workflow, from, today));
        var fromRaw = await TimeAsync("raw aggregation", 6, () => queries.DashboardAsync(Workflow, from, today, fromRawRows: true));
        var advisor = await TimeAsync("advisor (rollups)", 20, () => queries.AdvisorAsync(Workflow, today));
        var same = Describe(fromRollups.Result) == Describe(fromRaw.Result);
        Console.WriteLine($"month: {fromRollups.Result.Outcomes:N0} outcomes, cost per outcome {fromRollups.Result.CostPerOutcome.Total:0.00}, " +
            $"p50 {fromRollups.Result.P50Minutes} min, p90 {fromRollups.Result.P90Minutes} min; {advisor.Result.Count} steps advised");
        Console.WriteLine($"figures identical: {(same ? "yes" : "NO")}");
        Console.WriteLine($"speed-up at p95: {fromRaw.P95 / fromRollups.P95:0}x (p50: {fromRaw.P50 / fromRollups.P50:0}x)");
        if (!args.Contains("--keep")) { SqliteConnection.ClearAllPools(); Directory.Delete(folder, true); }
        else Console.WriteLine($"kept {dbPath}");
        return same ? 0 : 1;
    }

    private static string Describe(OutcomeDashboard d) => string.Join("|", d.Outcomes, d.Cost, d.Revenue, d.P50Minutes, d.P90Minutes, d.Quality, d.Escalation,
        d.Sla, string.Join(";", d.Steps), string.Join(";", d.Agents), string.Join(";", d.Days), string.Join(";", d.AgentShare.SelectMany(s => s.Points)));

    private static async Task<(T Result, double P50, double P95)> TimeAsync<T>(string name, int runs, Func<Task<T>> run)
    {
        var result = await run(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            result = await run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine($"{name,-20} runs {runs,3}  p50 {At(0.5),9:0.0} ms  p95 {At(0.95),9:0.0} ms  max {times[^1],9:0.0} ms");
        return (result, At(0.5), At(0.95));
    }

    /// <summary>Cases spread over 90 days; the agent share of each step climbs from about 60% to 95% over the period.</summary>
    private static (int Cases, int Tasks) BulkInsert(string path, Guid versionId, int cases, DateOnly today)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragma = connection.CreateCommand()) { pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"; pragma.ExecuteNonQuery(); }
        using var tx = connection.BeginTransaction();
        var insertCase = BulkSql.Command(connection, tx, "Cases", ["Id", "WorkflowVersionId", "WorkflowKey", "WorkflowVersionNumber", "Priority", "PayloadJson",
            "OutcomePrice", "Status", "CurrentStepKey", "CreatedAt", "CompletedAt", "HumanCost", "AgentCost", "ReviewCost", "TasksCompleted", "AgentTasksCompleted", "Version"]);
        var insertTask = BulkSql.Command(connection, tx, "Tasks", ["Id", "CaseId", "WorkflowKey", "WorkflowVersionId", "StepKey", "StepName", "Kind", "ReviewOfTaskId",
            "Status", "Route", "RouteReason", "RequiredSkills", "ReservedForTrainees", "Priority", "CreatedAt", "SlaDueAt", "ClaimedAt", "CompletedAt",
            "AgentProfileKey", "Attempt", "InputJson", "OutputJson", "WasEscalated", "HumanCost", "AgentCost", "Tokens", "HandleSeconds", "CompletedBy", "Version"]);
        var random = new Random(42);
        var start = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-89);
        var version = versionId.ToString().ToUpperInvariant();
        var tasks = 0;
        for (var c = 0; c < cases; c++)
        {
            var progress = (double)c / cases;
            var created = start.AddSeconds(progress * 90 * 86400 + random.Next(60));
            var open = progress > 0.995;
            var caseId = Guid.NewGuid().ToString().ToUpperInvariant();
            var at = created;
            decimal human = 0, agent = 0, review = 0;
            int done = 0, agentDone = 0;
            string? extractId = null;
            for (var s = 0; s < Steps.Length + 1; s++)
            {
                var isReview = s == Steps.Length;
                var step = isReview ? "extract" : Steps[s];
                var toAgent = !isReview && random.NextDouble() < 0.6 + 0.35 * progress - (step == "fraud" ? 0.3 : 0);
                var escalated = toAgent && random.NextDouble() < 0.08;
                var minutes = toAgent && !escalated ? random.Next(1, 4) : random.Next(5, 90);
                var finishedAt = at.AddMinutes(minutes);
                var finished = !open || s < 2;
                var handle = finished ? minutes * 60.0 : 0;
                decimal h = finished && (!toAgent || escalated) ? decimal.Round((decimal)handle / 3600m * 38m, 4) : 0;
                decimal a = toAgent ? 0.012345m : 0;
                var id = Guid.NewGuid().ToString().ToUpperInvariant();
                if (step == "extract" && !isReview) extractId = id;
                var pass = random.NextDouble() < 0.93;
                var route = toAgent && !escalated ? "Agent" : "Human";
                BulkSql.Bind(insertTask, id, caseId, Workflow, version, step, isReview ? "Review: Extract" : step, isReview ? "Review" : "Step", isReview ? extractId : null,
                    finished ? "Completed" : "Queued", route, "bench", "", 0, 0, at, at.AddMinutes(120), finished ? at : null,
                    finished ? finishedAt : null, toAgent || isReview ? "sim-extractor" : null, 1, "{}",
                    finished ? (isReview ? (pass ? "{\"pass\":true}" : "{\"pass\":false}") : "{}") : null, escalated ? 1 : 0, (double)h, (double)a, toAgent ? 600 : 0,
                    handle, finished ? (route == "Agent" ? "sim-extractor" : "worker") : null, 1);
                insertTask.ExecuteNonQuery();
                tasks++;
                if (!finished) break;
                if (isReview) review += h; else { human += h; agent += a; done++; if (route == "Agent") agentDone++; }
                at = finishedAt;
            }
            BulkSql.Bind(insertCase, caseId, version, Workflow, 1, 0, "{}", (double)AutoClaimsWorkflow.OutcomePrice, open ? "Open" : "Completed", open ? "coverage" : null,
                created, open ? null : at, (double)human, (double)agent, (double)review, done, agentDone, 1);
            insertCase.ExecuteNonQuery();
        }
        tx.Commit();
        return (cases, tasks);
    }

    private sealed class NoAgents : IAgentDispatcher
    {
        public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default) => Task.CompletedTask;
    }

    private sealed class NoLiveUpdates : ILiveNotifier
    {
        public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default) => Task.CompletedTask;
    }
}
