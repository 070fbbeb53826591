using Orchestrator.Domain.Quality;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Cases;
using Orchestrator.Domain.Common;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Workflows;

public sealed record WorkflowSummary(Workflow Workflow, WorkflowVersion? Published, IReadOnlyList<int> Drafts, int Versions, int OpenCases, int Last30Days);

public sealed record VersionSummary(WorkflowVersion Version, int Cases, int OpenCases);

/// <summary>One step of one version as it ran: completed tasks, agent share, cost, review pass rate and time.</summary>
public sealed record StepStats(int Version, string StepKey, string StepName, int Volume, int AgentTasks, decimal Cost, int Reviews, int ReviewsPassed,
    double? MedianMinutes)
{
    public double? AgentShare => Volume == 0 ? null : (double)AgentTasks / Volume;
    public decimal? CostPerTask => Volume == 0 ? null : Cost / Volume;
    public double? PassRate => Reviews == 0 ? null : (double)ReviewsPassed / Reviews;
}

public sealed class StudioQueries(IDbContextFactory<OrchestratorDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkflowSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var workflows = await db.Workflows.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
        var versions = await db.WorkflowVersions.AsNoTracking().ToListAsync(ct);
        var open = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Open).GroupBy(c => c.WorkflowKey)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var recent = await db.Cases.AsNoTracking().Where(c => c.CreatedAt >= since).GroupBy(c => c.WorkflowKey)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        return workflows.Select(w =>
        {
            var mine = versions.Where(v => v.WorkflowId == w.Id).ToList();
            return new WorkflowSummary(w, mine.Where(v => !v.IsDraft).MaxBy(v => v.Number),
                mine.Where(v => v.IsDraft).Select(v => v.Number).Order().ToList(), mine.Count,
                open.GetValueOrDefault(w.Key), recent.GetValueOrDefault(w.Key));
        }).ToList();
    }

    public async Task<Workflow?> WorkflowAsync(string key, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Key == key, ct);
    }

    /// <summary>Every version of the workflow, newest first, with how many cases each started.</summary>
    public async Task<IReadOnlyList<VersionSummary>> VersionsAsync(string key, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Key == key, ct);
        if (workflow is null) return [];
        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflow.Id).ToListAsync(ct);
        var cases = await db.Cases.AsNoTracking().Where(c => c.WorkflowKey == key)
            .GroupBy(c => new { c.WorkflowVersionId, Open = c.Status == CaseStatus.Open }).Select(g => new { g.Key.WorkflowVersionId, g.Key.Open, N = g.Count() })
            .ToListAsync(ct);
        return versions.OrderByDescending(v => v.Number).Select(v => new VersionSummary(v,
            cases.Where(c => c.WorkflowVersionId == v.Id).Sum(c => c.N), cases.Where(c => c.WorkflowVersionId == v.Id && c.Open).Sum(c => c.N))).ToList();
    }

    public async Task<(Workflow Workflow, WorkflowVersion Version)?> VersionAsync(string key, int number, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await StudioRules.FindAsync(db, key, number, ct);
        return found;
    }

    /// <summary>A version as YAML: the given one, else the version in force, else the latest draft. Null when there is none.</summary>
    public async Task<(int Number, string Yaml)?> ExportAsync(string key, int? number = null, CancellationToken ct = default)
    {
        var versions = await VersionsAsync(key, ct);
        var version = number is { } n ? versions.FirstOrDefault(v => v.Version.Number == n)?.Version
            : versions.FirstOrDefault(v => !v.Version.IsDraft)?.Version ?? versions.FirstOrDefault()?.Version;
        if (version is null) return null;
        var workflow = (await WorkflowAsync(key, ct))!;
        var document = new WorkflowDocument
        {
            Key = workflow.Key, Name = workflow.Name, Description = workflow.Description, OutcomePrice = version.OutcomePrice, Steps = version.Steps,
        };
        return (version.Number, WorkflowYaml.Write(document));
    }

    /// <summary>Keys of the agent profiles a step may allow (retired ones excluded).</summary>
    public async Task<IReadOnlyList<string>> AgentKeysAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentProfiles.AsNoTracking().Where(a => a.Status != Domain.Agents.AgentStatus.Retired).OrderBy(a => a.Key).Select(a => a.Key).ToListAsync(ct);
    }

    /// <summary>Per version, per step: the completed step tasks and the reviews of them.</summary>
    public async Task<IReadOnlyList<StepStats>> StepStatsAsync(string key, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var versions = await VersionsAsync(key, ct);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.WorkflowKey == key && t.Status == WorkTaskStatus.Completed && t.Kind == TaskKind.Step)
            .Select(t => new { t.WorkflowVersionId, t.StepKey, t.Route, t.HumanCost, t.AgentCost, t.CreatedAt, t.CompletedAt })
            .ToListAsync(ct);
        var reviews = await db.Tasks.AsNoTracking()
            .Where(t => t.WorkflowKey == key && t.Status == WorkTaskStatus.Completed && t.Kind == TaskKind.Review)
            .Select(t => new { t.WorkflowVersionId, t.StepKey, t.OutputJson })
            .ToListAsync(ct);
        var stats = new List<StepStats>();
        foreach (var v in versions.Select(x => x.Version).OrderBy(v => v.Number))
            foreach (var step in v.Steps)
            {
                var done = tasks.Where(t => t.WorkflowVersionId == v.Id && t.StepKey == step.Key).ToList();
                var graded = reviews.Where(r => r.WorkflowVersionId == v.Id && r.StepKey == step.Key).Select(r => Passed(r.OutputJson)).ToList();
                var minutes = done.Where(t => t.CompletedAt is not null).Select(t => (t.CompletedAt!.Value - t.CreatedAt).TotalMinutes).Order().ToList();
                stats.Add(new StepStats(v.Number, step.Key, step.Name, done.Count, done.Count(t => t.Route == TaskRoute.Agent),
                    done.Sum(t => t.HumanCost + t.AgentCost), graded.Count, graded.Count(p => p), minutes.Count == 0 ? null : minutes[minutes.Count / 2]));
            }
        return stats;
    }

    private static bool Passed(string? outputJson) =>
        DomainJson.ParseObject(outputJson).TryGetPropertyValue(ReviewVerdict.Pass, out var node) && node is JsonValue v && v.TryGetValue<bool>(out var pass) && pass;
}
