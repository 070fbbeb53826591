using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Outcomes;
using Orchestrator.Web.Auth;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Dashboards;

public partial class DashboardsPage
{
    [Inject] private OutcomeQueries Outcomes { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;

    private IReadOnlyList<string> _workflows = [];
    private string? _workflow;
    private DashboardPeriod _period = default!;
    private DateRange? _range;
    private bool _loaded;
    private bool _canApply;
    private OutcomeDashboard? _data;
    private IReadOnlyList<StepAdvice> _advice = [];

    private string Workflow => _workflow ?? "";
    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    protected override TimeSpan Debounce => TimeSpan.FromSeconds(1);

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        _period = DashboardPeriod.Ending(PeriodKind.Week, Today);
        _workflows = await Outcomes.WorkflowKeysAsync();
        _workflow = _workflows.FirstOrDefault();
        _canApply = await Permissions.AllowsAsync(Policies.Orchestrate);
        _loaded = true;
        await ReloadAsync();
    }

    /// <summary>Outcomes reached, reviews graded and staffing changed all move the figures.</summary>
    protected override bool Wants(LiveEvent e) => e.WorkflowKey == _workflow && (e.Kind == LiveEvent.Kinds.PolicyChanged
        || (e.Kind == LiveEvent.Kinds.CaseChanged && e.Status == "Completed")
        || (e.Kind == LiveEvent.Kinds.TaskChanged && e.Status == "Completed"));

    protected override Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events) => ReloadAsync();

    private async Task SetWorkflowAsync(string? workflow) { _workflow = workflow; await ReloadAsync(); }

    private async Task SetPeriodAsync(PeriodKind kind)
    {
        _period = kind == PeriodKind.Custom ? DashboardPeriod.Custom(_period.From, _period.To) : DashboardPeriod.Ending(kind, Today);
        _range = new DateRange(_period.From.ToDateTime(TimeOnly.MinValue), _period.To.ToDateTime(TimeOnly.MinValue));
        await ReloadAsync();
    }

    private async Task SetRangeAsync(DateRange? range)
    {
        _range = range;
        if (range?.Start is not { } start || range.End is not { } end) return;
        _period = DashboardPeriod.Custom(DateOnly.FromDateTime(start), DateOnly.FromDateTime(end));
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        if (_workflow is null) return;
        if (_period.Kind != PeriodKind.Custom) _period = DashboardPeriod.Ending(_period.Kind, Today);
        _data = await Outcomes.DashboardAsync(_workflow, _period.From, _period.To);
        _advice = await Outcomes.AdvisorAsync(_workflow, Today);
    }
}
