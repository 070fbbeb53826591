using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Integration.Tests.Agents;

namespace Orchestrator.Integration.Tests.Demo;

public sealed class DemoHistoryTests
{
    private const int Weeks = 5;
    private const int PerWeek = 50;

    [Fact]
    public async Task FirstStart_WritesTheHistoryOnce_TeachingTheLearningAgentFromEveryTriageCase_AndASecondRunChangesNothing()
    {
        await using var app = new OrchestratorAppFactory(settings: new Dictionary<string, string>
        {
            ["Demo:Backfill:Enabled"] = "true", ["Demo:Backfill:Weeks"] = Weeks.ToString(), ["Demo:Backfill:CasesPerWeek"] = PerWeek.ToString(),
            ["Demo:InitialCases"] = "3",
        });
        _ = app.Server; // starts the host; the history is written in the background
        var history = app.Services.GetRequiredService<DemoHistory>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await history.IsPendingAsync() && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.False(await history.IsPendingAsync(), "the history was not written within 3 minutes");

        var first = await CountsAsync(app);
        var now = DateTime.UtcNow;
        Assert.Equal(Weeks * PerWeek, first.HistoryCases);
        Assert.Equal(first.HistoryCases, first.HistoryCompleted);
        Assert.Equal(3, first.TodaysCases); // today's first cases open after the history
        Assert.True(first.HistoryStart < now.AddDays(-7 * Weeks + 1), $"history starts {first.HistoryStart:O}");
        // The past stays in the past: nothing the history wrote is dated later than now, and today's cases come after it.
        var times = await TimesAsync(app);
        Assert.True(times.LatestHistoryTask <= now, $"a history task is dated {times.LatestHistoryTask:O}, after now {now:O}");
        Assert.True(times.LatestEvent <= now, $"an audit event is dated {times.LatestEvent:O}, after now {now:O}");
        Assert.True(times.LatestModel <= now, $"a model version is dated {times.LatestModel:O}, after now {now:O}");
        Assert.True(times.FirstTodaysCase >= times.LatestHistoryTask, $"today's first case {times.FirstTodaysCase:O} opened before the history's last task {times.LatestHistoryTask:O}");
        Assert.StartsWith("done", first.Marker);
        Assert.Equal(DemoHistoryState.Done, app.Services.GetRequiredService<DemoHistoryStatus>().State);

        // Triage starts as the workflow staffs it: the simulated agent on 70% of it (less what it escalates), people on
        // the rest, and every agent answer reviewed so that each triage case teaches the learning agent. The learning agent
        // takes the step over only when its held-out answers earn it, which takes longer than this short history (the
        // default 12 weeks show the share rising above 90%: see the history benchmark in docs/BENCHMARKS.md).
        var weekly = await AgentShareByWeekAsync(app, first.HistoryStart);
        var shares = string.Join(", ", weekly.Select(s => s.ToString("P0")));
        // Each week's share is a proportion of about 50 cases (a standard error near 7 points): the weeks together sit
        // near 70% less the escalations, and no single week falls far below (one week at 47% was seen with a mean of 62%).
        Assert.True(weekly[0] <= 0.8 && weekly.Average() is >= 0.5 and <= 0.8 && weekly.All(s => s >= 0.4),
            $"agent share of completed triage by week: {shares}; " + await WhatHappenedAsync(app));
        Assert.True(await LabelsAsync(app) >= 0.8 * first.HistoryCases, $"the learning agent has {await LabelsAsync(app)} labels from {first.HistoryCases} triage cases");
        Assert.Contains(await AuditActionsAsync(app), a => a == "staffing.changed");
        Assert.Contains(await AuditActionsAsync(app), a => a == "model.trained");

        // Not again: a finished history is not pending, and one forced to run again finds every case done.
        Assert.Equal(0, await history.RunAsync());
        await SetMarkerAsync(app, DemoHistory.Pending);
        await history.RunAsync();
        var second = await CountsAsync(app);
        Assert.Equal(first with { Marker = "" }, second with { Marker = "" });
    }

    private sealed record Counts(int HistoryCases, int HistoryCompleted, int TodaysCases, int Tasks, int Reviews, int Versions, int Audit, DateTime HistoryStart, string Marker);

    private static async Task<Counts> CountsAsync(OrchestratorAppFactory app)
    {
        await using var db = await Db(app);
        var history = db.Cases.Where(c => c.ExternalId!.StartsWith(DemoHistory.ExternalIdPrefix));
        return new Counts(await history.CountAsync(), await history.CountAsync(c => c.Status == Domain.Cases.CaseStatus.Completed),
            await db.Cases.CountAsync(c => c.ExternalId!.StartsWith("demo-")), await db.Tasks.CountAsync(), await db.QualityReviews.CountAsync(),
            await db.ModelVersions.CountAsync(), await db.AuditEvents.CountAsync(), await history.MinAsync(c => c.CreatedAt),
            (await db.Settings.SingleAsync(s => s.Key == DemoHistory.Marker)).Value);
    }

    private sealed record Times(DateTime LatestHistoryTask, DateTime LatestEvent, DateTime? LatestModel, DateTime FirstTodaysCase);

    private static async Task<Times> TimesAsync(OrchestratorAppFactory app)
    {
        await using var db = await Db(app);
        var history = db.Cases.Where(c => c.ExternalId!.StartsWith(DemoHistory.ExternalIdPrefix)).Select(c => c.Id);
        var tasks = db.Tasks.Where(t => history.Contains(t.CaseId));
        var completed = await tasks.MaxAsync(t => t.CompletedAt) ?? DateTime.MinValue;
        var created = await tasks.MaxAsync(t => t.CreatedAt);
        return new Times(completed > created ? completed : created, await db.AuditEvents.MaxAsync(a => a.At),
            await db.ModelVersions.MaxAsync(v => (DateTime?)v.CreatedAt), await db.Cases.Where(c => c.ExternalId!.StartsWith("demo-")).MinAsync(c => c.CreatedAt));
    }

    private static async Task<List<double>> AgentShareByWeekAsync(OrchestratorAppFactory app, DateTime start)
    {
        await using var db = await Db(app);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.StepKey == DemoHistory.TriageStep && t.Kind == TaskKind.Step && t.Status == WorkTaskStatus.Completed && t.CreatedAt >= start)
            .Select(t => new { t.CreatedAt, ByAgent = t.Route == TaskRoute.Agent }).ToListAsync();
        return [.. Enumerable.Range(0, Weeks).Select(w =>
        {
            var week = tasks.Where(t => (t.CreatedAt - start).TotalDays is var d && d >= 7 * w && d < 7 * (w + 1)).ToList();
            return week.Count == 0 ? 0 : (double)week.Count(t => t.ByAgent) / week.Count;
        })];
    }

    private static async Task<int> LabelsAsync(OrchestratorAppFactory app)
    {
        await using var db = await Db(app);
        return (await TrainingExamples.LoadAsync(db, AutoClaimsWorkflow.Key, DemoHistory.TriageStep, default)).Count;
    }

    private static async Task<string> WhatHappenedAsync(OrchestratorAppFactory app)
    {
        await using var db = await Db(app);
        var actions = await db.AuditEvents.GroupBy(a => a.Action).Select(g => g.Key + "=" + g.Count()).ToListAsync();
        var reasons = await db.Tasks.Where(t => t.StepKey == "intake").GroupBy(t => t.RouteReason).Select(g => g.Key + "=" + g.Count()).ToListAsync();
        var breaches = await db.QualityBreaches.Select(b => b.Summary + " " + b.Action).ToListAsync();
        var escalations = (await db.Tasks.Where(t => t.StepKey == "intake" && t.EscalationReason != null).Select(t => t.EscalationReason!).ToListAsync())
            .GroupBy(r => r.Length > 90 ? r[..90] : r).Select(g => g.Key + "=" + g.Count());
        return string.Join("; ", actions) + " | " + string.Join("; ", reasons) + " | " + string.Join("; ", breaches) + " | " + string.Join("; ", escalations);
    }

    private static async Task<List<string>> AuditActionsAsync(OrchestratorAppFactory app)
    {
        await using var db = await Db(app);
        return await db.AuditEvents.Select(a => a.Action).Distinct().ToListAsync();
    }

    private static async Task SetMarkerAsync(OrchestratorAppFactory app, string value)
    {
        await using var db = await Db(app);
        await db.Settings.Where(s => s.Key == DemoHistory.Marker).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value));
    }

    private static Task<OrchestratorDbContext> Db(OrchestratorAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContextAsync();
}
