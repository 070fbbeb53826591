using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Quality;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Quality;

public partial class QualityPage
{
    [Inject] private QualityQueries Queries { get; set; } = default!;
    [Inject] private ResolveQualityBreach Resolve { get; set; } = default!;
    [Inject] private SampleCompletedTasks Sampler { get; set; } = default!;
    [Inject] private EvaluateQuality Evaluate { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private LearningSteps LearningSteps { get; set; } = default!;
    [Inject] private StepLearningQuery StepLearning { get; set; } = default!;
    [Inject] private RequestRetrain Retrain { get; set; } = default!;

    private int _days = 7;
    private bool _sampling;
    private IReadOnlyList<StratumQuality>? _strata;
    private IReadOnlyList<QualityBreach> _breaches = [];
    private StratumQuality? _selected;
    private IReadOnlyList<AccuracyPoint> _trend = [];
    private ShadowPanel? _shadow;
    private StepLearningView? _learning;
    private string _learningStepName = "";

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        await LoadAsync();
    }

    // Breaches and the actions they cause arrive as alerts; staffing and agent changes may come from a revert elsewhere.
    protected override bool Wants(LiveEvent e) => e.Kind is LiveEvent.Kinds.Alert or LiveEvent.Kinds.PolicyChanged or LiveEvent.Kinds.WorkforceChanged;

    protected override Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events) => LoadAsync();

    private async Task LoadAsync()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var from = now.Date.AddDays(1 - _days);
        _strata = await Queries.StrataAsync(from, now.AddMinutes(1));
        _breaches = await Queries.BreachesAsync();
        var learned = await LearningSteps.AllAsync();
        bool Learned(StratumQuality s) => learned.Any(l => l.WorkflowKey == s.WorkflowKey && l.Step.Key == s.StepKey);
        _selected = _strata.FirstOrDefault(s => Same(s, _selected)) ?? _strata.FirstOrDefault(s => s.Breached) ?? _strata.FirstOrDefault(Learned) ?? _strata.FirstOrDefault();
        _trend = _selected is null ? [] : await Queries.DailyAccuracyAsync(_selected.WorkflowKey, _selected.StepKey, from, now.AddMinutes(1));
        await LoadLearningAsync(learned);
        if (_shadow is not null) await _shadow.LoadAsync();
    }

    /// <summary>
    /// The selected step's learning agent when a learning agent learns it; otherwise the first step a learning agent
    /// learns (a learner whose answers nobody has reviewed yet has no row above, yet its curve is worth seeing); with no
    /// learning agent at all, the selected step, to say that none learns it.
    /// </summary>
    private async Task LoadLearningAsync(IReadOnlyList<LearningStep> learned)
    {
        var match = _selected is { } s ? learned.FirstOrDefault(l => l.WorkflowKey == s.WorkflowKey && l.Step.Key == s.StepKey) : null;
        var (workflow, step, name, serving) = (match ?? learned.FirstOrDefault()) is { } l ? (l.WorkflowKey, l.Step.Key, l.Step.Name, (string?)l.ProfileKey)
            : _selected is { } none ? (none.WorkflowKey, none.StepKey, none.StepName, none.AgentProfileKey) : default;
        _learning = workflow is null ? null : await StepLearning.HandleAsync(workflow, step!, serving);
        _learningStepName = name ?? "";
    }

    private async Task RetrainAsync()
    {
        if (_learning is not { CanRetrain: true, ProfileKey: { } profile } learning || !await Permissions.AllowsAsync(Auth.Policies.Orchestrate)) return;
        var (id, name) = await CurrentUser.GetAsync();
        Retrain.Handle(Actor.User(id, name), profile, learning.WorkflowKey, learning.StepKey);
        Snackbar.Add("Retraining started. A new version appears here when it is done; the audit trail has the run's report.", Severity.Info);
    }

    private static bool Same(StratumQuality a, StratumQuality? b) =>
        b is not null && (a.WorkflowKey, a.StepKey, a.AgentProfileKey, a.AgentVersion) == (b.WorkflowKey, b.StepKey, b.AgentProfileKey, b.AgentVersion);

    private async Task PeriodChangedAsync(int days)
    {
        _days = days;
        await LoadAsync();
    }

    private async Task SelectAsync(StratumQuality stratum)
    {
        _selected = stratum;
        await LoadAsync();
    }

    /// <summary>Runs what the scheduled job runs, now: sample this period's agent outputs, then evaluate every step.</summary>
    private async Task SampleNowAsync()
    {
        if (!await Permissions.AllowsAsync(Auth.Policies.Orchestrate)) return;
        _sampling = true;
        try
        {
            var queued = await Sampler.HandleAsync();
            var breaches = await Evaluate.AllAsync();
            Snackbar.Add($"{queued} review task{(queued == 1 ? "" : "s")} queued; {breaches.Count} new breach{(breaches.Count == 1 ? "" : "es")}.", Severity.Info);
            await LoadAsync();
        }
        finally { _sampling = false; }
    }

    private Task AcknowledgeAsync(QualityBreach breach) => ActAsync(actor => Resolve.AcknowledgeAsync(actor, breach.Id), "Acknowledged; the action stays.");

    private Task RevertAsync(QualityBreach breach) => ActAsync(actor => Resolve.RevertAsync(actor, breach.Id), "Reverted; the step is staffed as before.");

    private async Task ActAsync(Func<Actor, Task<WorkResult<QualityBreach>>> action, string done)
    {
        if (!await Permissions.AllowsAsync(Auth.Policies.Orchestrate)) return;
        var (id, name) = await CurrentUser.GetAsync();
        var result = await action(Actor.User(id, name));
        Snackbar.Add(result.Succeeded ? done : result.Message ?? "That did not work.", result.Succeeded ? Severity.Success : Severity.Warning);
        await LoadAsync();
    }
}
