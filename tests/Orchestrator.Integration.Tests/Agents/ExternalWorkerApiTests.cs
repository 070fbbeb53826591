using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Integration.Tests.Agents;

public sealed record ActivatedDto(Guid Id, Guid CaseId, string Workflow, string Step, int Attempt, DateTime LeaseExpiresAt, JsonObject Input, double ConfidenceThreshold);
public sealed record RunResultDto(Guid Id, string Outcome);
public sealed record TaskViewDto(Guid Id, string Status, string Route, int Attempt, string? EscalationReason, JsonObject? Output);
public sealed record CaseViewDto(Guid Id, string Status, List<TaskViewDto> Tasks);

/// <summary>The pull API for external workers (/api/v1/tasks), through the whole app in memory.</summary>
[Collection(AgentCollections.Api)]
public sealed class ExternalWorkerApiTests
{
    private static object Valid(int pages = 2) => new { output = new { legible = true, pages, notes = "ok" }, confidence = 0.9, cost = 0.01 };

    private static async Task<Guid> OpenCaseAsync(HttpClient cases, string externalId)
    {
        var response = await cases.PostAsJsonAsync("/api/v1/cases", new
        {
            workflow = DocumentCheckWorkflow.Key, externalId, payload = new { documentUrl = $"https://docs.example/{externalId}.pdf" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseViewDto>())!.Id;
    }

    private static async Task<List<ActivatedDto>> ActivateAsync(HttpClient worker, int max = 5, int leaseSeconds = 60)
    {
        var response = await worker.PostAsJsonAsync("/api/v1/tasks/activate", new { max, leaseSeconds });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<ActivatedDto>>())!;
    }

    private static async Task<CaseViewDto> CaseAsync(HttpClient cases, Guid id) =>
        (await cases.GetFromJsonAsync<CaseViewDto>($"/api/v1/cases/{id}"))!;

    [Fact]
    public async Task Twenty_concurrent_workers_get_every_task_exactly_once_and_complete_all_cases()
    {
        const int caseCount = 200, workers = 20;
        await using var app = new OrchestratorAppFactory();
        using var cases = app.Client(OrchestratorAppFactory.CasesKey);
        var watch = Stopwatch.StartNew();

        var caseIds = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(1, caseCount), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, _) => caseIds.Add(await OpenCaseAsync(cases, $"load-{i:D3}")));
        Assert.Equal(caseCount, caseIds.Distinct().Count());
        var opened = watch.Elapsed;

        var handedOut = new ConcurrentQueue<Guid>();
        var completed = 0;
        var maxRunning = 0;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        using var stop = new CancellationTokenSource();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var db = await contexts.CreateDbContextAsync();
                maxRunning = Math.Max(maxRunning, await db.Tasks.CountAsync(t => t.Status == WorkTaskStatus.Running));
                await Task.Delay(20);
            }
        });

        using var failed = new CancellationTokenSource(); // one worker's failed assertion stops the others
        async Task WorkAsync(int w)
        {
            using var worker = app.Client(OrchestratorAppFactory.WorkerKey);
            try { await LoopAsync(worker, w); }
            catch { await failed.CancelAsync(); throw; }
        }

        async Task LoopAsync(HttpClient worker, int w)
        {
            while (Volatile.Read(ref completed) < caseCount && DateTime.UtcNow < deadline && !failed.IsCancellationRequested)
            {
                var batch = await ActivateAsync(worker, max: 5, leaseSeconds: 60);
                if (batch.Count == 0) { await Task.Delay(20); continue; }
                Assert.InRange(batch.Count, 1, 5);
                foreach (var task in batch)
                {
                    handedOut.Enqueue(task.Id);
                    Assert.Equal(1, task.Attempt);
                    Assert.Equal("verify", task.Step);
                    Assert.StartsWith("https://docs.example/", task.Input["documentUrl"]!.GetValue<string>());
                    var response = await worker.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", Valid(pages: w + 1));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("Completed", (await response.Content.ReadFromJsonAsync<RunResultDto>())!.Outcome);
                    Interlocked.Increment(ref completed);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w))));
        await stop.CancelAsync();
        await sampler;

        var ids = handedOut.ToList();
        Assert.Equal(caseCount, ids.Count);            // nothing handed out twice …
        Assert.Equal(caseCount, ids.Distinct().Count()); // … and every task handed out
        Assert.Equal(caseCount, completed);
        Assert.InRange(maxRunning, 1, 20);              // the profile's MaxConcurrency
        using (var worker = app.Client(OrchestratorAppFactory.WorkerKey))
            Assert.Empty(await ActivateAsync(worker, max: 100)); // none left

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var all = await db.Cases.AsNoTracking().Where(c => c.WorkflowKey == DocumentCheckWorkflow.Key).ToListAsync();
            Assert.Equal(caseCount, all.Count);
            Assert.All(all, c => { Assert.Equal(CaseStatus.Completed, c.Status); Assert.Equal(1, c.TasksCompleted); Assert.Equal(0.01m, c.AgentCost); });
            var tasks = await db.Tasks.AsNoTracking().Where(t => t.WorkflowKey == DocumentCheckWorkflow.Key).ToListAsync();
            Assert.Equal(caseCount, tasks.Count);
            Assert.All(tasks, t => { Assert.Equal(WorkTaskStatus.Completed, t.Status); Assert.Equal(1, t.Attempt); Assert.Equal(DocumentCheckWorkflow.Agent, t.CompletedBy); });
            Assert.Equal(ids.OrderBy(x => x), tasks.Select(t => t.Id).OrderBy(x => x));
        }
        var sample = await CaseAsync(cases, caseIds.First());
        Assert.Equal("Completed", sample.Status);
        Assert.Equal("Completed", Assert.Single(sample.Tasks).Status);
        Console.WriteLine($"[agents] 200 cases opened in {opened.TotalSeconds:0.0} s, worked by 20 workers in {(watch.Elapsed - opened).TotalSeconds:0.0} s; max running {maxRunning}");
    }

    [Fact]
    public async Task Completing_after_the_lease_ran_out_is_a_conflict_and_extending_keeps_the_task()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new OrchestratorAppFactory(clock);
        using var cases = app.Client(OrchestratorAppFactory.CasesKey);
        using var worker = app.Client(OrchestratorAppFactory.WorkerKey);
        await OpenCaseAsync(cases, "lease-1");

        var lost = Assert.Single(await ActivateAsync(worker, max: 5, leaseSeconds: 5));
        clock.Advance(TimeSpan.FromSeconds(6));
        var late = await worker.PostAsJsonAsync($"/api/v1/tasks/{lost.Id}/complete", Valid());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("lease-lost", await late.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await worker.PostAsJsonAsync($"/api/v1/tasks/{lost.Id}/extend", new { leaseSeconds = 60 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await worker.PostAsJsonAsync($"/api/v1/tasks/{lost.Id}/fail", new { error = "late", retryable = true })).StatusCode);

        var caseId = await OpenCaseAsync(cases, "lease-2");
        var kept = Assert.Single(await ActivateAsync(worker, max: 1, leaseSeconds: 5), t => t.CaseId == caseId);
        clock.Advance(TimeSpan.FromSeconds(3));
        var extended = await worker.PostAsJsonAsync($"/api/v1/tasks/{kept.Id}/extend", new { leaseSeconds = 10 });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(4)); // 7 s after activation: past the first lease, inside the extended one
        var done = await worker.PostAsJsonAsync($"/api/v1/tasks/{kept.Id}/complete", Valid());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("Completed", (await CaseAsync(cases, caseId)).Status);
        // a second completion of the same task is refused
        Assert.Equal(HttpStatusCode.Conflict, (await worker.PostAsJsonAsync($"/api/v1/tasks/{kept.Id}/complete", Valid())).StatusCode);
    }

    [Fact]
    public async Task Bad_output_is_a_400_naming_the_field_and_the_task_stays_held()
    {
        await using var app = new OrchestratorAppFactory();
        using var cases = app.Client(OrchestratorAppFactory.CasesKey);
        using var worker = app.Client(OrchestratorAppFactory.WorkerKey);
        var caseId = await OpenCaseAsync(cases, "bad-1");
        var task = Assert.Single(await ActivateAsync(worker));

        var bad = await worker.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete",
            new { output = new { legible = true, pages = "many" }, confidence = 0.9 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["output.pages"]);

        var missing = await worker.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { output = new { pages = 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("output.legible"));
        Assert.True(errors.ContainsKey("confidence"));

        var view = await CaseAsync(cases, caseId);
        Assert.Equal("Running", Assert.Single(view.Tasks).Status);
        var good = await worker.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", Valid(pages: 4));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        view = await CaseAsync(cases, caseId);
        Assert.Equal("Completed", view.Status);
        Assert.Equal(4, view.Tasks[0].Output!["pages"]!.GetValue<int>());
    }

    [Fact]
    public async Task Keys_without_the_tasks_scope_are_forbidden_and_no_key_is_unauthorized()
    {
        await using var app = new OrchestratorAppFactory();
        var body = new { max = 1, leaseSeconds = 60 };
        using (var cases = app.Client(OrchestratorAppFactory.CasesKey))
            Assert.Equal(HttpStatusCode.Forbidden, (await cases.PostAsJsonAsync("/api/v1/tasks/activate", body)).StatusCode);
        using (var anonymous = app.Client(null))
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/tasks/activate", body)).StatusCode);
        using (var wrong = app.Client("ork_not_a_real_key"))
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/api/v1/tasks/activate", body)).StatusCode);
        using (var worker = app.Client(OrchestratorAppFactory.WorkerKey))
            Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync("/api/v1/cases",
                new { workflow = DocumentCheckWorkflow.Key, payload = new { documentUrl = "x" } })).StatusCode);
    }

    [Fact]
    public async Task Retryable_failures_come_back_with_the_next_attempt_until_the_third_escalates()
    {
        await using var app = new OrchestratorAppFactory();
        using var cases = app.Client(OrchestratorAppFactory.CasesKey);
        using var worker = app.Client(OrchestratorAppFactory.WorkerKey);
        var caseId = await OpenCaseAsync(cases, "retry-1");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var task = Assert.Single(await ActivateAsync(worker));
            Assert.Equal(caseId, task.CaseId);
            Assert.Equal(attempt, task.Attempt);
            var failed = await worker.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/fail", new { error = $"scanner offline ({attempt})", retryable = true });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            var outcome = (await failed.Content.ReadFromJsonAsync<RunResultDto>())!.Outcome;
            Assert.Equal(attempt < 3 ? "Requeued" : "Escalated", outcome);
        }
        Assert.Empty(await ActivateAsync(worker));
        var view = Assert.Single((await CaseAsync(cases, caseId)).Tasks);
        Assert.Equal("Escalated", view.Status);
        Assert.Equal("Human", view.Route);
        Assert.Contains("failed 3 times", view.EscalationReason);
        Assert.Contains("scanner offline (3)", view.EscalationReason);
    }

    [Fact]
    public async Task A_non_retryable_failure_or_a_low_confidence_answer_escalates_to_people()
    {
        await using var app = new OrchestratorAppFactory();
        using var cases = app.Client(OrchestratorAppFactory.CasesKey);
        using var worker = app.Client(OrchestratorAppFactory.WorkerKey);
        var failedCase = await OpenCaseAsync(cases, "fatal-1");
        var unsureCase = await OpenCaseAsync(cases, "unsure-1");
        var tasks = await ActivateAsync(worker);
        Assert.Equal(2, tasks.Count);
        var fatal = tasks.Single(t => t.CaseId == failedCase);
        var unsure = tasks.Single(t => t.CaseId == unsureCase);

        var failed = await worker.PostAsJsonAsync($"/api/v1/tasks/{fatal.Id}/fail", new { error = "document is encrypted", retryable = false });
        Assert.Equal("Escalated", (await failed.Content.ReadFromJsonAsync<RunResultDto>())!.Outcome);
        var view = Assert.Single((await CaseAsync(cases, failedCase)).Tasks);
        Assert.Equal("Escalated", view.Status);
        Assert.Equal("Human", view.Route);
        Assert.Contains("document is encrypted", view.EscalationReason);

        Assert.Equal(0.6, unsure.ConfidenceThreshold);
        var low = await worker.PostAsJsonAsync($"/api/v1/tasks/{unsure.Id}/complete",
            new { output = new { legible = false, pages = 1 }, confidence = 0.3 });
        Assert.Equal(HttpStatusCode.OK, low.StatusCode);
        Assert.Equal("Escalated", (await low.Content.ReadFromJsonAsync<RunResultDto>())!.Outcome);
        var unsureCaseView = await CaseAsync(cases, unsureCase);
        Assert.Equal("Open", unsureCaseView.Status);
        Assert.Contains("threshold", unsureCaseView.Tasks[0].EscalationReason);

        Assert.Empty(await ActivateAsync(worker)); // escalated tasks never come back to the agent
    }
}

public static class AgentCollections
{
    /// <summary>Tests that start the whole app: run one after another, not beside each other.</summary>
    public const string Api = "Agents.App";
    /// <summary>The process-level crash test.</summary>
    public const string Crash = "Agents.Crash";
}

[CollectionDefinition(AgentCollections.Api)]
public sealed class AgentAppCollection;
