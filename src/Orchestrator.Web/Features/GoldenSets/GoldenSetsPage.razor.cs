using Microsoft.AspNetCore.Components;
using Orchestrator.Domain.Agents;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Quality.Golden;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.GoldenSets;

public partial class GoldenSetsPage
{
    public const int PageSize = 10;

    [Inject] private GoldenQueries Queries { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;

    private IReadOnlyList<GoldenStep>? _steps;
    private GoldenStep? _step;
    private GoldenPage _page = new([], 0);
    private int _pageIndex;
    private IReadOnlyList<GoldenRun> _runs = [];
    private IReadOnlyList<AgentProfile> _profiles = [];
    private IReadOnlyList<ReviewedCandidate> _candidates = [];
    private IReadOnlyDictionary<string, string> _unqualified = new Dictionary<string, string>();
    private bool _canAct;

    protected override async Task OnInitializedAsync()
    {
        _canAct = await Permissions.AllowsAsync(Auth.Policies.Orchestrate);
        await LoadAsync();
    }

    // A golden run's end and staffing changes arrive as policy events.
    protected override bool Wants(LiveEvent e) => e.Kind is LiveEvent.Kinds.PolicyChanged or LiveEvent.Kinds.WorkforceChanged;

    protected override Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events) => LoadAsync();

    private async Task LoadAsync()
    {
        _steps = await Queries.StepsAsync();
        _step = _steps.FirstOrDefault(s => s.WorkflowKey == _step?.WorkflowKey && s.Step.Key == _step?.Step.Key)
                ?? _steps.FirstOrDefault(s => s.Examples > 0) ?? _steps.FirstOrDefault();
        if (_step is null) return;
        _page = await Queries.ExamplesAsync(_step.WorkflowKey, _step.Step.Key, _pageIndex, PageSize);
        _runs = await Queries.RunsAsync(_step.WorkflowKey, _step.Step.Key);
        _profiles = await Queries.ProfilesAsync();
        _candidates = await Queries.ReviewedCandidatesAsync(_step.WorkflowKey, _step.Step.Key);
        _unqualified = await Queries.UnqualifiedAsync(_step.WorkflowKey, _step.Step, _step.Step.Staffing.AllowedAgents);
    }

    private async Task SelectStepAsync(GoldenStep step)
    {
        _step = step;
        _pageIndex = 0;
        await LoadAsync();
    }

    private async Task SetPageAsync(int index)
    {
        _pageIndex = index;
        await LoadAsync();
    }
}
