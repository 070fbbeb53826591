using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Integration.Tests.Agents;

namespace Orchestrator.Integration.Tests.Demo;

public sealed class DemoHistoryTests
{
    private const int Weeks = 5;
    private const int PerWeek = 30;

    [Fact]
    public async Task FirstStart_WritesTheHistoryOnce_WithTheTriageAgentShareRising_AndASecondRunChangesNothing()
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
        Assert.Equal(Weeks * PerWeek, first.HistoryCases);
        Assert.Equal(first.HistoryCases, first.HistoryCompleted);
        Assert.Equal(3, first.TodaysCases); // today's first cases open after the history
        Assert.True(first.HistoryStart < DateTime.UtcNow.AddDays(-7 * Weeks + 1), $"history starts {first.HistoryStart:O}");
        Assert.StartsWith("done", first.Marker);
        Assert.Equal(DemoHistoryState.Done, app.Services.GetRequiredService<DemoHistoryStatus>().State);

        // The agent share of triage work as routed (the dial), the first two weeks against the last two. Routing follows
        // the target share exactly; the share of completions does not (escalations, ~30 tasks a week), so it is not a
        // stable thing to assert on.
        var weekly = await AgentShareByWeekAsync(app, DateTime.UtcNow.Date.AddDays(-7 * Weeks));
        var early = weekly.Take(2).Average();
        var late = weekly.TakeLast(2).Average();
        Assert.True(late > early + 0.08, $"agent share by week: {string.Join(", ", weekly.Select(s => s.ToString("P0")))}; " + await WhatHappenedAsync(app));
        Assert.Contains(await AuditActionsAsync(app), a => a == "staffing.changed");

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

    private static async Task<List<double>> AgentShareByWeekAsync(OrchestratorAppFactory app, DateTime start)
    {
        await using var db = await Db(app);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.StepKey == DemoHistory.TriageStep && t.Kind == TaskKind.Step && t.CreatedAt >= start)
            .Select(t => new { t.CreatedAt, ToAgent = t.AgentProfileKey != null }).ToListAsync();
        return [.. Enumerable.Range(0, Weeks).Select(w =>
        {
            var week = tasks.Where(t => (t.CreatedAt - start).TotalDays is var d && d >= 7 * w && d < 7 * (w + 1)).ToList();
            return week.Count == 0 ? 0 : (double)week.Count(t => t.ToAgent) / week.Count;
        })];
    }

    private static async Task<string> WhatHappenedAsync(OrchestratorAppFactory app)
    {
        await using var db = await Db(app);
        var actions = await db.AuditEvents.GroupBy(a => a.Action).Select(g => g.Key + "=" + g.Count()).ToListAsync();
        var reasons = await db.Tasks.Where(t => t.StepKey == "intake").GroupBy(t => t.RouteReason).Select(g => g.Key + "=" + g.Count()).ToListAsync();
        var breaches = await db.QualityBreaches.Select(b => b.Summary + " " + b.Action).ToListAsync();
        return string.Join("; ", actions) + " | " + string.Join("; ", reasons) + " | " + string.Join("; ", breaches);
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
