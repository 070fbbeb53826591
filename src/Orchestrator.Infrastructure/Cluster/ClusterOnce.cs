using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Cluster;

/// <summary>
/// Runs periodic work (lease sweeps, SLA alerts, the demo crew) once per period across every instance: under the job
/// storage's distributed lock, and only when the last run recorded in the database is at least a period old. The
/// embedded SQLite store serves one instance, so there it simply runs the work.
/// </summary>
public sealed class ClusterOnce(JobStorage storage, IDbContextFactory<OrchestratorDbContext> contexts, DataStoreOptions store, TimeProvider clock)
{
    /// <summary>Runs <paramref name="work"/> unless another instance ran it within the last <paramref name="period"/>.</summary>
    /// <returns>Whether this instance ran it.</returns>
    public async Task<bool> RunAsync(string name, TimeSpan period, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        if (store.IsSqlite)
        {
            await work(ct);
            return true;
        }

        // The lock lives on the storage connection: keep it open until the work and its stamp are done.
        using var connection = storage.GetConnection();
        IDisposable? held;
        try
        {
            held = connection.AcquireDistributedLock("orchestrator:" + name, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is DistributedLockTimeoutException or InvalidOperationException || ex.GetType().Name.Contains("Lock"))
        {
            return false; // another instance holds it this period
        }

        using (held)
        {
            var key = "cluster:last-run:" + name;
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(ct);
            var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct);
            // A little slack so timers that tick slightly early on one instance do not skip a period.
            if (row is not null && DateTime.TryParse(row.Value, null, System.Globalization.DateTimeStyles.RoundtripKind, out var last)
                && now - last < period * 0.8)
                return false;

            await work(ct);

            if (row is null) db.Settings.Add(new AppSetting { Key = key, Value = now.ToString("O") });
            else row.Value = now.ToString("O");
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
