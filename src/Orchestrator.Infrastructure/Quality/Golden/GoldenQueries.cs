using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Quality.Golden;

/// <summary>A step that can have a golden set: its published definition and how many examples it has.</summary>
public sealed record GoldenStep(string WorkflowKey, string WorkflowName, StepDefinition Step, int Examples);

public sealed record GoldenPage(IReadOnlyList<GoldenExample> Examples, int Total);

/// <summary>A reviewed agent output whose right answer is known (corrected, or passed) and is not in the golden set yet.</summary>
public sealed record ReviewedCandidate(long ReviewId, string AgentProfileKey, bool Passed, string? ReviewerName, DateTime ReviewedAt, System.Text.Json.Nodes.JsonObject Expected);

public sealed class GoldenQueries(WorkStore store, WorkflowCatalog catalog)
{
    /// <summary>Every step of every published workflow (latest version, staffed as it is now) with its example count.</summary>
    public async Task<IReadOnlyList<GoldenStep>> StepsAsync(CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        var counts = await db.Set<GoldenExample>().GroupBy(e => new { e.WorkflowKey, e.StepKey })
            .Select(g => new { g.Key.WorkflowKey, g.Key.StepKey, Count = g.Count() }).ToListAsync(ct);
        var steps = new List<GoldenStep>();
        foreach (var workflow in await db.Workflows.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct))
        {
            if (await catalog.LatestPublishedAsync(db, workflow.Key, ct) is not { } published) continue;
            foreach (var step in published.Version.Steps)
                steps.Add(new(workflow.Key, workflow.Name, await StepPolicies.EffectiveAsync(db, workflow.Key, step, ct),
                    counts.FirstOrDefault(c => c.WorkflowKey == workflow.Key && c.StepKey == step.Key)?.Count ?? 0));
        }
        return steps;
    }

    public async Task<GoldenPage> ExamplesAsync(string workflowKey, string stepKey, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        var query = db.Set<GoldenExample>().AsNoTracking().Where(e => e.WorkflowKey == workflowKey && e.StepKey == stepKey);
        return new(await query.OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(ct), await query.CountAsync(ct));
    }

    public async Task<IReadOnlyList<GoldenRun>> RunsAsync(string workflowKey, string stepKey, int take = 20, CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        return await db.Set<GoldenRun>().AsNoTracking().Where(r => r.WorkflowKey == workflowKey && r.StepKey == stepKey)
            .OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    public async Task<GoldenRun?> RunAsync(long id, CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        return await db.Set<GoldenRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>The step's latest reviewed outputs with a known right answer that are not in its golden set yet.</summary>
    public async Task<IReadOnlyList<ReviewedCandidate>> ReviewedCandidatesAsync(string workflowKey, string stepKey, int take = 10, CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        var rows = await (from r in db.QualityReviews.AsNoTracking()
                          join t in db.Tasks.AsNoTracking() on r.ReviewedTaskId equals t.Id
                          where r.WorkflowKey == workflowKey && r.StepKey == stepKey && r.Passed != null && (r.Passed == true || r.CorrectedOutputJson != null)
                                && !db.GoldenExamples.Any(e => e.ReviewedTaskId == r.ReviewedTaskId)
                          orderby r.ReviewedAt descending
                          select new { r.Id, r.AgentProfileKey, r.Passed, r.ReviewerName, r.ReviewedAt, r.CorrectedOutputJson, t.OutputJson })
                         .Take(take).ToListAsync(ct);
        return rows.Select(r => new ReviewedCandidate(r.Id, r.AgentProfileKey, r.Passed == true, r.ReviewerName, r.ReviewedAt ?? default,
            Domain.Quality.ReviewedOutput.Of(r.Passed, r.CorrectedOutputJson is null ? null : Domain.Common.DomainJson.ParseObject(r.CorrectedOutputJson),
                r.OutputJson is null ? null : Domain.Common.DomainJson.ParseObject(r.OutputJson))!)).ToList();
    }

    public async Task<IReadOnlyList<Domain.Agents.AgentProfile>> ProfilesAsync(CancellationToken ct = default)
    {
        await using var db = await store.ReadAsync(ct);
        return await db.AgentProfiles.AsNoTracking().OrderBy(a => a.Key).ToListAsync(ct);
    }

    /// <summary>Agent → why it may not serve the step, when the step requires a golden-set pass.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UnqualifiedAsync(string workflowKey, StepDefinition step, IReadOnlyList<string> agents, CancellationToken ct = default)
    {
        if (step.Quality.GoldenSetThreshold is not { } threshold) return new Dictionary<string, string>();
        await using var db = await store.ReadAsync(ct);
        return await GoldenGate.UnqualifiedAsync(db, workflowKey, step.Key, agents, threshold, ct);
    }
}
