using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>
/// The demo's past: weeks of claims worked through the same operations as live work (cases opened, agents run, people
/// claim and complete, quality sampled and reviewed, the learning agent retrained, the staffing dial turned as the
/// advisor says), on a <see cref="SimulatedClock"/> that walks from weeks ago up to today. Triage starts with the
/// workflow's simulated agent and every answer reviewed, so each case teaches the learning agent; the orchestrator hands it
/// the step once its held-out answers earn it and raises its share as the advisor says. The dashboards' rollups,
/// the audit trail and the model versions all carry the simulated times. The seeder marks a freshly seeded demo
/// "pending"; a run that finishes marks it done, so it never runs twice, and a run cut short resumes where it stopped
/// (each case has its own external id). While it is pending the living demo (new cases, crew, scheduled retraining) waits.
/// </summary>
public sealed class DemoHistory(IServiceProvider services, IDbContextFactory<OrchestratorDbContext> contexts, DemoOptions options,
    DemoHistoryStatus status, TimeProvider clock, ILogger<DemoHistory> logger)
{
    public const string Marker = "demo.history";
    public const string Pending = "pending";
    public const string ExternalIdPrefix = "history-";
    /// <summary>The step whose staffing the simulated orchestrator turns up as the advisor recommends.</summary>
    public const string TriageStep = "intake";
    /// <summary>
    /// The share of held-out answers the learning agent must give itself (at the step's confidence threshold) before the
    /// orchestrator hands it triage: the simulated agent it replaces answers about nine in ten of its tasks, so the share
    /// dips little at the hand-over and rises as the learner learns and the advisor raises the dial.
    /// </summary>
    public const double HandOverCoverage = 0.8;
    /// <summary>Held-out answers the champion must have been measured on before its coverage is trusted (a few dozen can flatter it).</summary>
    public const int HandOverHeldOut = 40;
    private const int AdvisorEveryDays = 2;
    /// <summary>The last case arrives this long before today's midnight; its work and the evening's reviews end about then (never after now).</summary>
    private static readonly TimeSpan LastWorkTime = TimeSpan.FromHours(6);
    private static readonly Actor OrchestratorActor = new(Domain.Audit.ActorKind.System, "demo-history", "Demo history (orchestrator)");

    public static async Task<bool> IsPendingAsync(OrchestratorDbContext db, CancellationToken ct = default) =>
        await db.Settings.AsNoTracking().AnyAsync(s => s.Key == Marker && s.Value == Pending, ct);

    public async Task<bool> IsPendingAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await IsPendingAsync(db, ct);
    }

    /// <summary>Writes the history when it is pending; returns the cases written (0 when there was nothing to do).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        if (!await IsPendingAsync(ct)) return 0;
        var weeks = Math.Clamp(options.Backfill.Weeks, 1, 52);
        var perWeek = Math.Clamp(options.Backfill.CasesPerWeek, 1, 2000);
        var total = weeks * perWeek;
        var now = clock.GetUtcNow().UtcDateTime;
        // Whole days from midnight, so the same seed writes the same history at any hour of the day.
        var start = now.Date.AddDays(-7 * weeks);
        // The history's clock never passes the real now; the last cases arrive early enough that their work ends before it.
        var sim = new SimulatedClock(start, now);
        var engine = Engine.Build(services, sim);
        var random = new Random(options.Seed);
        var claims = new DemoClaims(options.Seed + 1);
        var workers = await WorkersAsync(ct);
        var stopwatch = Stopwatch.StartNew();
        logger.LogInformation("Demo history: writing {Weeks} weeks, {Cases} cases, from {Start:yyyy-MM-dd HH:mm}", weeks, total, sim.Now);
        status.Report(DemoHistoryState.Writing, 0, weeks, 0, total, $"Writing {weeks} weeks of demo history…");
        await ReviewAllTriageAsync(engine, ct);

        var timings = new Timings();
        var worker = new CaseWorker(engine, contexts, workers, random, options.CrewAccuracy, sim, timings);
        var learner = new Learner(engine, contexts, timings, logger);
        var interval = (TimeSpan.FromDays(7 * weeks) - LastWorkTime) / total;
        var days = new DayCount(start);
        // A run resumed after a stop finds its earlier cases by external id; days and weeks it had finished are not redone.
        var dayIsNew = false;
        var weekIsNew = false;
        for (var i = 0; i < total; i++)
        {
            var arrival = start + interval * (i + random.NextDouble() * 0.5);
            if (arrival.Date > sim.Now.Date && dayIsNew) { await EndOfDayAsync(engine, worker, learner, days, ct); dayIsNew = false; }
            if (i > 0 && i % perWeek == 0)
            {
                if (weekIsNew) await timings.TimeAsync("week", () => EndOfWeekAsync(engine, i / perWeek, weeks, i, total, stopwatch, ct));
                weekIsNew = false;
            }
            sim.MoveTo(arrival);
            var (payload, truth) = claims.Next();
            var request = new OpenCaseRequest(AutoClaimsWorkflow.Key, $"{ExternalIdPrefix}{i + 1:D5}", i % 9 == 0 ? 50 : 0, payload, truth);
            var opened = await timings.TimeAsync("open", () => engine.Open.HandleAsync(request, Actor.System, ct));
            if (!opened.Succeeded) { logger.LogWarning("Demo history case {I} not opened: {Message}", i + 1, opened.Message); continue; }
            if (opened.Value!.Created) dayIsNew = weekIsNew = true;
            await worker.WorkCaseAsync(opened.Value.Case.Id, ct);
        }
        if (dayIsNew) await EndOfDayAsync(engine, worker, learner, days, ct);
        if (weekIsNew) await EndOfWeekAsync(engine, weeks, weeks, total, total, stopwatch, ct);

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var row = await db.Settings.SingleAsync(s => s.Key == Marker, ct);
            row.Value = $"done {DateTime.UtcNow:O}: {total} cases over {weeks} weeks in {stopwatch.Elapsed.TotalSeconds:0.0} s";
            await db.SaveChangesAsync(ct);
        }
        var message = $"Demo history written: {total} cases over {weeks} weeks in {stopwatch.Elapsed.TotalSeconds:0.0} s.";
        logger.LogInformation("Demo history: time by operation: {Timings}", timings);
        logger.LogInformation("{Message}", message);
        status.Report(DemoHistoryState.Done, weeks, weeks, total, total, message);
        return total;
    }

    /// <summary>Gives up on the history (after an error) so the living demo is not held back for good.</summary>
    public async Task AbandonAsync(string reason, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Settings.SingleOrDefaultAsync(s => s.Key == Marker, ct);
        if (row is null || row.Value != Pending) return;
        row.Value = "failed: " + (reason.Length > 400 ? reason[..400] : reason);
        await db.SaveChangesAsync(ct);
        status.Report(DemoHistoryState.Failed, status.Week, status.Weeks, status.Cases, status.TotalCases, "The demo history could not be written: " + reason);
    }

    /// <summary>
    /// Reviews, retraining when there is much more to learn from, and every few days the orchestrator's look at the
    /// advisor: one notch of triage share at a time, with a few days to watch each.
    /// </summary>
    private static async Task EndOfDayAsync(Engine engine, CaseWorker worker, Learner learner, DayCount days, CancellationToken ct)
    {
        await worker.EndOfDayAsync(ct);
        await learner.TrainWhenGrownAsync(ct);
        if (days.Of(engine.Clock.Now) % AdvisorEveryDays == 0) await FollowAdvisorAsync(engine, ct);
    }

    private sealed record DayCount(DateTime Start)
    {
        public int Of(DateTime at) => (int)(at - Start).TotalDays;
    }

    /// <summary>Reports the week's progress with the triage share the orchestrator has set.</summary>
    private async Task<int> EndOfWeekAsync(Engine engine, int week, int weeks, int cases, int total, Stopwatch stopwatch, CancellationToken ct)
    {
        var share = await CurrentShareAsync(engine, ct);
        logger.LogInformation("Demo history: week {Week} of {Weeks} written ({Cases} cases, {Seconds:0.0} s); triage agent share target {Share}%",
            week, weeks, cases, stopwatch.Elapsed.TotalSeconds, share);
        status.Report(DemoHistoryState.Writing, week, weeks, cases, total, $"Writing demo history: week {week} of {weeks} written…");
        return share;
    }

    /// <summary>
    /// The history starts with triage staffed as the workflow defines it (the simulated triage agent on most of the work,
    /// people on the rest), but with every agent answer reviewed: each review, like each decision a person makes, is a
    /// label the learning agent learns from, and it works nothing until it has earned the step.
    /// </summary>
    private static async Task ReviewAllTriageAsync(Engine engine, CancellationToken ct)
    {
        var advice = await TriageAdviceAsync(engine, ct);
        if (advice is null || advice.Current.AllowedAgents.Contains(DemoSeeder.LearningAgentKey) || advice.Current.Oversight == Oversight.ReviewAll) return;
        await engine.Staffing.HandleAsync(OrchestratorActor, AutoClaimsWorkflow.Key, TriageStep, advice.Current with { Oversight = Oversight.ReviewAll }, ct);
    }

    /// <summary>
    /// The simulated orchestrator, every few days. Before the learning agent works triage: hand it over when it has earned
    /// it. After: when the advisor, over the last 30 simulated days, finds more agent work at the triage step cheaper at
    /// the step's own sampled oversight (errors priced in by the lower bound of the learning agent's held-out accuracy),
    /// the share goes up by ten points; once the share is where the advisor wants it and that lower bound clears the
    /// step's accuracy target, reviews go back from every answer to the step's sample. Each change is audited like any staffing change.
    /// </summary>
    private static async Task FollowAdvisorAsync(Engine engine, CancellationToken ct)
    {
        var advice = await TriageAdviceAsync(engine, ct);
        var step = await TriageStepAsync(engine, ct);
        if (advice is null || step is null || advice.Current.Mode != StaffingMode.Hybrid) return;
        if (!advice.Current.AllowedAgents.Contains(DemoSeeder.LearningAgentKey)) { await HandOverWhenEarnedAsync(engine, advice, step, ct); return; }
        var accuracy = advice.Advice.Inputs.Accuracy;
        if (!accuracy.IsMeasured) return;
        var sampled = step.Staffing.Oversight;
        var recommended = advice.Advice.Grid.Where(p => p.Oversight == sampled).OrderBy(p => p.CostPerTask).ThenBy(p => p.AgentShare).First().AgentShare;
        var policy = advice.Current;
        if (recommended > policy.AgentShare) policy = policy with { AgentShare = Math.Min(recommended, policy.AgentShare + 10) };
        // One change at a time: reviews go back to the sample once the share is where the advisor wants it.
        if (policy == advice.Current && policy.Oversight != sampled && accuracy.Low >= step.Quality.AccuracyTarget) policy = policy with { Oversight = sampled };
        if (policy != advice.Current) await engine.Staffing.HandleAsync(OrchestratorActor, AutoClaimsWorkflow.Key, TriageStep, policy, ct);
    }

    /// <summary>
    /// The orchestrator gives triage's agent work to the learning agent, at the share it was and with every answer still
    /// reviewed while it is new, once its champion meets the step's accuracy target on the held-out answers it would give
    /// at the step's confidence threshold and would give at least <see cref="HandOverCoverage"/> of them itself, measured on at
    /// least <see cref="HandOverHeldOut"/> held-out examples.
    /// </summary>
    private static async Task HandOverWhenEarnedAsync(Engine engine, StepAdvice advice, StepDefinition step, CancellationToken ct)
    {
        ModelVersion? champion;
        await using (var db = await engine.Contexts.CreateDbContextAsync(ct))
            champion = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ProfileKey == DemoSeeder.LearningAgentKey
                && v.WorkflowKey == AutoClaimsWorkflow.Key && v.StepKey == TriageStep && v.Status == ModelVersionStatus.Champion, ct);
        if (champion is null) return;
        var answered = champion.AnsweredInterval(advice.Current.ConfidenceThreshold);
        var tested = champion.Curve.Sum(b => b.Count);
        if (tested < HandOverHeldOut || answered.Value < step.Quality.AccuracyTarget || answered.Trials < HandOverCoverage * tested) return;
        await engine.Staffing.HandleAsync(OrchestratorActor, AutoClaimsWorkflow.Key, TriageStep, advice.Current with { AllowedAgents = [DemoSeeder.LearningAgentKey] }, ct);
    }

    private static async Task<StepDefinition?> TriageStepAsync(Engine engine, CancellationToken ct)
    {
        await using var db = await engine.Contexts.CreateDbContextAsync(ct);
        return (await engine.Catalog.LatestPublishedAsync(db, AutoClaimsWorkflow.Key, ct))?.Version.Steps.FirstOrDefault(s => s.Key == TriageStep);
    }

    private static async Task<int> CurrentShareAsync(Engine engine, CancellationToken ct) => (await TriageAdviceAsync(engine, ct))?.CurrentShare ?? 0;

    private static async Task<StepAdvice?> TriageAdviceAsync(Engine engine, CancellationToken ct) =>
        (await engine.Outcomes.AdvisorAsync(AutoClaimsWorkflow.Key, DateOnly.FromDateTime(engine.Clock.Now), ct)).FirstOrDefault(a => a.StepKey == TriageStep);

    private async Task<IReadOnlyList<Worker>> WorkersAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Workers.AsNoTracking().OrderBy(w => w.UserId).ToListAsync(ct);
    }

    /// <summary>The work engine's operations over one store on the simulated clock, with no live updates and agents run in line.</summary>
    internal sealed record Engine(IDbContextFactory<OrchestratorDbContext> Contexts, SimulatedClock Clock, OpenCase Open, ClaimTask Claim, CompleteTask Complete, RunAgentTask RunAgent,
        SampleCompletedTasks Sample, TrainStepModel Train, PromoteModelVersion Promote, ChangeStaffing Staffing, ResolveQualityBreach Breaches,
        OutcomeQueries Outcomes, WorkflowCatalog Catalog)
    {
        public static Engine Build(IServiceProvider services, SimulatedClock clock)
        {
            var contexts = services.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>();
            var silent = new Silent();
            var store = new WorkStore(contexts, services.GetRequiredService<WriteGate>(), silent, silent, clock);
            T Make<T>(params object[] args) => ActivatorUtilities.CreateInstance<T>(services, [store, .. args]);
            var staffing = Make<ChangeStaffing>();
            var control = Make<ControlAgent>();
            var quality = Make<EvaluateQuality>(staffing, control);
            var alerts = Make<ModelAlerts>();
            AgentAdapter[] adapters = [new SimulatedAgent(clock), ActivatorUtilities.CreateInstance<LearningAgent>(services, alerts)];
            var finish = Make<FinishAgentRun>();
            return new Engine(contexts, clock, Make<OpenCase>(), ActivatorUtilities.CreateInstance<ClaimTask>(services, store, (ILiveNotifier)silent),
                Make<CompleteTask>(quality), Make<RunAgentTask>(finish, (IEnumerable<AgentAdapter>)adapters), Make<SampleCompletedTasks>(),
                Make<TrainStepModel>(), Make<PromoteModelVersion>(), staffing, Make<ResolveQualityBreach>(staffing, control), services.GetRequiredService<OutcomeQueries>(),
                services.GetRequiredService<WorkflowCatalog>());
        }
    }

    /// <summary>
    /// Retrains the learning agent at the end of a day when its labelled examples (what people decided, what reviewers
    /// confirmed or corrected) have grown by a quarter since it last tried: often while it is new, rarely once it knows
    /// a lot, as a team would.
    /// </summary>
    private sealed class Learner(Engine engine, IDbContextFactory<OrchestratorDbContext> contexts, Timings timings, ILogger logger)
    {
        private const int FirstTry = 60;
        private int _triedAt;

        public async Task TrainWhenGrownAsync(CancellationToken ct)
        {
            int labels;
            await using (var db = await contexts.CreateDbContextAsync(ct))
                labels = (await TrainingExamples.LoadAsync(db, AutoClaimsWorkflow.Key, TriageStep, ct)).Count;
            if (labels < Math.Max(FirstTry, _triedAt * 5 / 4)) return;
            _triedAt = labels;
            var report = await timings.TimeAsync("train", () => engine.Train.HandleAsync(Actor.System, DemoSeeder.LearningAgentKey, AutoClaimsWorkflow.Key, TriageStep, ct));
            // Automatic promotion waits for a lead clear at 95% confidence, which a few dozen held-out examples rarely give;
            // the orchestrator promotes by hand a challenger that did at least as well as the champion on the same held-out
            // slice: it learned from more, and its own held-out slice, which the advisor reads, is larger.
            var promoted = report is { Trained: true, Promoted: false, Lead: >= 0, VersionId: { } id }
                && (await engine.Promote.HandleAsync(OrchestratorActor, id, ct)).Succeeded;
            logger.LogInformation("Demo history {Day:yyyy-MM-dd}: learning agent on {Labels} labels: {Message}{Promoted}", engine.Clock.Now, labels, report.Message,
                promoted ? " The orchestrator promoted it." : "");
        }
    }

    /// <summary>Where the history's time goes, by operation, for the log and the benchmark.</summary>
    internal sealed class Timings
    {
        private readonly Dictionary<string, TimeSpan> _spent = [];

        public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> work)
        {
            var started = Stopwatch.GetTimestamp();
            try { return await work(); }
            finally { _spent[operation] = _spent.GetValueOrDefault(operation) + Stopwatch.GetElapsedTime(started); }
        }

        public override string ToString() => string.Join(", ", _spent.OrderByDescending(x => x.Value).Select(x => $"{x.Key} {x.Value.TotalSeconds:0.0} s"));
    }

    /// <summary>History has no one watching live and runs its agents itself.</summary>
    private sealed class Silent : ILiveNotifier, IAgentDispatcher
    {
        public Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default) => Task.CompletedTask;
        public Task DispatchAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct = default) => Task.CompletedTask;
    }

    /// <summary>Works one case's open tasks until it is done: agents run at once, people claim after a wait and take their time.</summary>
    private sealed class CaseWorker(Engine engine, IDbContextFactory<OrchestratorDbContext> contexts, IReadOnlyList<Worker> workers, Random random,
        double accuracy, SimulatedClock clock, Timings timings)
    {
        private const int MaxRounds = 30;

        public async Task WorkCaseAsync(Guid caseId, CancellationToken ct)
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                List<WorkTask> open;
                open = await timings.TimeAsync("find", async () =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Tasks.AsNoTracking().Where(t => t.CaseId == caseId && WorkTask.HumanQueueStatuses.Contains(t.Status)).OrderBy(t => t.CreatedAt).ToListAsync(ct);
                });
                if (open.Count == 0) return;
                foreach (var task in open) await WorkAsync(task, ct);
            }
        }

        /// <summary>Samples the day's agent work for review, and the reviewers work the samples.</summary>
        public async Task EndOfDayAsync(CancellationToken ct)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await timings.TimeAsync("sample", () => engine.Sample.HandleAsync(ct));
            List<WorkTask> reviews;
            var now = clock.Now;
            await using (var db = await contexts.CreateDbContextAsync(ct))
                reviews = await db.Tasks.AsNoTracking().Where(t => t.Kind == TaskKind.Review && t.CreatedAt <= now && WorkTask.HumanQueueStatuses.Contains(t.Status))
                    .OrderBy(t => t.CreatedAt).ToListAsync(ct);
            foreach (var review in reviews) await WorkAsync(review, ct);
            await timings.TimeAsync("breaches", async () => { await ResolveBreachesAsync(ct); return true; });
        }

        /// <summary>
        /// The orchestrator goes through the day's quality breaches and puts the work back as it was (reverted, audited):
        /// in the demo's past the simulated agents work at their set accuracy, so a breach there is a run of bad luck.
        /// </summary>
        private async Task ResolveBreachesAsync(CancellationToken ct)
        {
            List<long> open;
            await using (var db = await contexts.CreateDbContextAsync(ct))
                open = await db.QualityBreaches.AsNoTracking().Where(b => b.Status == BreachStatus.Open).Select(b => b.Id).ToListAsync(ct);
            foreach (var id in open) await engine.Breaches.RevertAsync(OrchestratorActor, id, ct);
        }

        private async Task WorkAsync(WorkTask task, CancellationToken ct)
        {
            if (task.Route == TaskRoute.Agent)
            {
                clock.Advance(TimeSpan.FromSeconds(2 + random.Next(20)));
                await timings.TimeAsync("agent", () => engine.RunAgent.HandleAsync(task.Id, ct));
                return;
            }
            clock.Advance(TimeSpan.FromMinutes(5 + random.Next(35)));
            foreach (var person in Candidates(task))
            {
                var claimed = await timings.TimeAsync("claim", () => engine.Claim.HandleAsync(person.UserId, task.Id, ct));
                if (claimed.Outcome == WorkOutcome.Conflict) return; // someone else has it now
                if (!claimed.Succeeded) continue;
                clock.Advance(HandleTime(task));
                var output = await timings.TimeAsync("answer", async () =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await DemoAnswers.ForAsync(db, engine.Catalog, claimed.Value!, random, accuracy, ct);
                });
                await timings.TimeAsync(task.Kind == TaskKind.Review ? "complete review" : "complete", () => engine.Complete.HandleAsync(person.UserId, task.Id, output, ct));
                return;
            }
        }

        /// <summary>Who may take it, the simulated crew first, in a random order.</summary>
        private IEnumerable<Worker> Candidates(WorkTask task)
        {
            var able = workers.Where(w => w.CanTake(task.RequiredSkills, task.ReservedForTrainees)).OrderBy(_ => random.Next()).ToList();
            return able.Where(w => w.IsSimulated).Concat(able.Where(w => !w.IsSimulated));
        }

        /// <summary>Reading a first notice and judging it takes longer than approving a sampled output.</summary>
        private TimeSpan HandleTime(WorkTask task) => task.Kind == TaskKind.Review
            ? TimeSpan.FromMinutes(2 + random.Next(5))
            : TimeSpan.FromMinutes(task.StepKey == TriageStep ? 8 + random.Next(13) : 5 + random.Next(11));
    }
}
