using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Agents;

/// <summary>
/// Tells this process's queue drain that agent tasks are waiting, and keeps count of the drains running here, so that
/// the dispatcher starts a drain only when none runs (see <see cref="DrainAgentQueue"/>).
/// </summary>
public sealed class AgentWorkSignal
{
    private TaskCompletionSource _raised = NewSignal();
    private int _draining;

    /// <summary>New agent tasks were committed: a drain that is running claims them.</summary>
    public void Raise() => Volatile.Read(ref _raised).TrySetResult();

    public bool Draining => Volatile.Read(ref _draining) > 0;

    /// <summary>Completes at the next <see cref="Raise"/> after the last <see cref="Arm"/>.</summary>
    internal Task Raised => Volatile.Read(ref _raised).Task;

    /// <summary>Forget earlier signals: whatever they announced, a claim that starts after this sees.</summary>
    internal void Arm()
    {
        var current = Volatile.Read(ref _raised);
        if (current.Task.IsCompleted) Interlocked.CompareExchange(ref _raised, NewSignal(), current);
    }

    internal bool TryBeginDrain() => Interlocked.CompareExchange(ref _draining, 1, 0) == 0;

    /// <summary>Ends the drain unless work was signalled meanwhile and no other drain took over: then it goes on (false).</summary>
    internal bool TryEndDrain()
    {
        EndDrain();
        return !Raised.IsCompleted || !TryBeginDrain();
    }

    internal void EndDrain() => Volatile.Write(ref _draining, 0);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Works the built-in agents' queue in batches, so a task costs no job of its own: one transaction starts the waiting
/// tasks of every active agent (each under its concurrency cap, most urgent first), their agents run side by side, and
/// the runs that have ended are recorded together in one transaction, each judged and moved on exactly as a single run
/// (<see cref="FinishAgentRun"/>). Starts and ends are fenced per task by status and attempt, so a drain cut off by a
/// crash, or two drains at once, never run or count a task twice; the work sweeper returns cut-off runs to the queue
/// when their lease ends. Tasks waiting for a paused or retired agent go to the human queue.
/// </summary>
public sealed class DrainAgentQueue(WorkStore store, WorkOptions options, RunAgentTask run, FinishAgentRun finish, AgentWorkSignal signal,
    DrainPeers peers, ILogger<DrainAgentQueue> logger)
{
    /// <summary>How often a drain whose share is taken by other instances' runs looks again, between their signals.</summary>
    private static readonly TimeSpan LookAgainWhileCapped = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs until no task waits and no run is in flight, returning the number of runs ended; or, once
    /// <paramref name="budget"/> is used up, finishes the runs in flight and returns null: start another drain then.
    /// </summary>
    public async Task<int?> RunAsync(int maxInFlight, TimeSpan budget, CancellationToken ct = default)
    {
        if (!signal.TryBeginDrain()) return 0; // one drain per process is enough: it keeps up to maxInFlight agents busy
        var owned = true;
        var ended = 0;
        var inFlight = new List<Task<AgentRunEnd>>();
        var agentOf = new Dictionary<Task<AgentRunEnd>, string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (true)
            {
                signal.Arm();
                await peers.AnnounceAsync(ct);
                var claiming = clock.Elapsed < budget;
                var leftWaiting = false;
                if (claiming && inFlight.Count < maxInFlight)
                {
                    var own = agentOf.Values.CountBy(key => key).ToDictionary();
                    (var runs, leftWaiting) = await StartAsync(maxInFlight - inFlight.Count, own, ct);
                    foreach (var started in runs)
                    {
                        var call = run.CallAsync(started, ct);
                        inFlight.Add(call);
                        agentOf[call] = started.Profile.Key;
                    }
                    if (leftWaiting) await peers.TellWorkWaitingAsync(ct);
                }
                if (inFlight.Count == 0)
                {
                    if (!claiming) return null;
                    if (signal.Raised.IsCompleted) continue;
                    // Other instances' runs hold the cap for now: stay, and take this drain's share as their runs end.
                    if (leftWaiting && peers.Count > 1)
                    {
                        await Task.WhenAny(signal.Raised, Task.Delay(LookAgainWhileCapped, ct));
                        continue;
                    }
                    if (signal.TryEndDrain()) { owned = false; return ended; }
                    continue;
                }
                await Task.WhenAny(claiming ? inFlight.Append(signal.Raised) : inFlight);
                var done = inFlight.Where(t => t.IsCompleted).ToList();
                if (done.Count == 0) continue;
                // Exactly the runs collected above: one that ends in between stays for the next turn (removing every completed
                // run here would drop its result, and its task would stay Running until its lease ran out).
                inFlight.RemoveAll(done.Contains);
                foreach (var call in done) agentOf.Remove(call);
                await finish.HandleManyAsync(done.Select(t => t.Result).ToList(), ct);
                ended += done.Count;
            }
        }
        finally
        {
            if (owned) signal.EndDrain();
        }
    }

    /// <summary>
    /// Starts waiting tasks of active built-in agents, in one transaction, each agent up to this drain's share of its cap
    /// (<paramref name="own"/>: this drain's runs in flight per agent); escalates those of inactive agents.
    /// </summary>
    /// <returns>The runs started, and whether tasks may still wait for them (this drain took all it could).</returns>
    private async Task<(IReadOnlyList<AgentRun> Runs, bool LeftWaiting)> StartAsync(int max, IReadOnlyDictionary<string, int> own, CancellationToken ct)
    {
        await using var db = await store.ReadAsync(ct);
        var profiles = await db.AgentProfiles.AsNoTracking().Where(a => a.Kind != AgentKind.ExternalPull || a.Status != AgentStatus.Active).ToListAsync(ct);
        var inactive = profiles.Where(p => p.Status != AgentStatus.Active).Select(p => p.Key).ToList();
        if (inactive.Count > 0) await EscalateWaitingAsync(db, inactive, profiles, ct);

        var active = profiles.Where(p => p.Status == AgentStatus.Active).ToList();
        var waiting = await db.Tasks.AsNoTracking()
            .Where(t => t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued && t.AgentProfileKey != null)
            .Select(t => t.AgentProfileKey!).Distinct().ToListAsync(ct);
        var candidates = active.Where(p => waiting.Contains(p.Key)).ToList();
        if (candidates.Count == 0) return ([], false);

        var shares = candidates.Select(p => (Profile: p, Free: peers.ShareOf(p) - own.GetValueOrDefault(p.Key))).ToList();
        var leftWaiting = shares.Any(s => s.Free <= 0);
        if (shares.All(s => s.Free <= 0)) return ([], leftWaiting);

        var now = store.Now;
        var token = Guid.NewGuid();
        var started = new List<WorkTask>();
        using (await store.WriteTurnAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var (profile, free) in shares.Where(s => s.Free > 0))
            {
                var allowed = Math.Min(max - started.Count, free);
                if (allowed <= 0) { leftWaiting = true; break; }
                var (taken, moreMayWait) = await AgentRunStart.StartManyAsync(db, profile.Key, profile.MaxConcurrency, allowed,
                    now, now + options.AgentLease, token, ct);
                started.AddRange(taken);
                leftWaiting |= moreMayWait;
            }
            await tx.CommitAsync(ct);
        }
        return (started.Count == 0 ? [] : await run.RunsAsync(db, started, candidates, ct), leftWaiting);
    }

    private async Task EscalateWaitingAsync(OrchestratorDbContext db, List<string> inactive, List<AgentProfile> profiles, CancellationToken ct)
    {
        var stranded = await db.Tasks.AsNoTracking()
            .Where(t => t.Route == TaskRoute.Agent && t.Status == WorkTaskStatus.Queued && inactive.Contains(t.AgentProfileKey!))
            .Select(t => new { t.Id, t.AgentProfileKey }).Take(100).ToListAsync(ct);
        foreach (var t in stranded)
        {
            var profile = profiles.Single(p => p.Key == t.AgentProfileKey);
            logger.LogInformation("Task {Task} waits for {Agent}, which is {Status}: sent to humans", t.Id, profile.Key, profile.Status);
            await run.EscalateAsync(t.Id, null, $"Agent {profile.Key} is {profile.Status.ToString().ToLowerInvariant()}; sent to humans.", ct);
        }
    }
}
