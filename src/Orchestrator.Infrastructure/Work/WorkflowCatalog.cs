using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Work;

/// <summary>Reads workflow versions. Published versions never change, so they are cached for the life of the process.</summary>
public sealed class WorkflowCatalog
{
    private readonly ConcurrentDictionary<Guid, WorkflowVersion> _published = new();
    private volatile IReadOnlyList<string>? _skillKeys;

    public async Task<WorkflowVersion> VersionAsync(OrchestratorDbContext db, Guid versionId, CancellationToken ct = default)
    {
        if (_published.TryGetValue(versionId, out var cached)) return cached;
        var version = await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, ct);
        if (version.Status == VersionStatus.Published) _published[versionId] = version;
        return version;
    }

    /// <summary>The latest published version of the workflow with this key, or null.</summary>
    public async Task<(Workflow Workflow, WorkflowVersion Version)?> LatestPublishedAsync(OrchestratorDbContext db, string key, CancellationToken ct = default)
    {
        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Key == key, ct);
        if (workflow is null) return null;
        var versionId = await db.WorkflowVersions.Where(v => v.WorkflowId == workflow.Id && v.Status == VersionStatus.Published)
            .OrderByDescending(v => v.Number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        return versionId is null ? null : (workflow, await VersionAsync(db, versionId.Value, ct));
    }

    /// <summary>Every skill combination a task may require: those of all versions' steps, and the reviewer skill.</summary>
    public async Task<IReadOnlyList<string>> SkillKeysAsync(OrchestratorDbContext db, string reviewerSkill, CancellationToken ct = default)
    {
        if (_skillKeys is { } known) return known;
        var versions = await db.WorkflowVersions.AsNoTracking().ToListAsync(ct);
        var keys = versions.SelectMany(v => v.Steps).Select(s => s.SkillKey).Append(SkillSet.Key([reviewerSkill])).Append("").Distinct().ToList();
        _skillKeys = keys;
        return keys;
    }

    /// <summary>Call when a version is published or a draft changes its skills.</summary>
    public void Invalidate() => _skillKeys = null;
}
