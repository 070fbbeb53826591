using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Domain.Tasks;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Queues;

public partial class QueuePage
{
    [Inject] private TaskQueries Queries { get; set; } = default!;
    [Inject] private ClaimTask Claims { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private WorkOptions Options { get; set; } = default!;

    private QueueFilter _filter = new();
    private QueueResult? _page;
    private Worker? _worker;
    private int _held;
    private DateTime _now;
    private WorkHeader? _header;
    private Guid? _claimingId;
    private string _userId = "";
    private Timer? _clock;

    private double AtRiskShare => Options.SlaAtRiskShare;
    private int PageCount => Math.Max(1, (int)Math.Ceiling((_page?.Total ?? 0) / (double)_filter.PageSize));

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        (_userId, _) = await CurrentUser.GetAsync();
        await ReloadAsync();
        // SLA clocks tick without any event.
        _clock = new Timer(_ => InvokeAsync(() => { _now = Clock.GetUtcNow().UtcDateTime; StateHasChanged(); }), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    private async Task<bool> OnKeyAsync(string key)
    {
        switch (key)
        {
            case "n": await _header!.ClaimNextAsync(); return true;
            case "r": await ReloadAsync(); StateHasChanged(); return true;
            default: return false;
        }
    }

    protected override bool Wants(LiveEvent e) => e.Kind is LiveEvent.Kinds.TaskChanged or LiveEvent.Kinds.WorkforceChanged;

    protected override Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events) => ReloadAsync();

    private async Task ReloadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        _worker = await Queries.WorkerAsync(_userId);
        if (_worker is null) { _page = new QueueResult([], 0, []); return; }
        _page = await Queries.QueueAsync(_worker, _filter);
        _held = (await Queries.HeldAsync(_userId)).Count;
    }


    private async Task ClaimAsync(Guid taskId)
    {
        _claimingId = taskId;
        try
        {
            var result = await Claims.HandleAsync(_userId, taskId);
            if (result.Succeeded) Navigation.NavigateTo($"/tasks/{taskId}");
            else
            {
                Snackbar.Add(result.Message ?? "", Severity.Warning);
                await ReloadAsync();
            }
        }
        finally { _claimingId = null; }
    }

    private Task SetStep(string? step, TaskKind? kind = null) => Apply(_filter with { Step = step, Kind = step is null ? null : kind, Page = 0 });
    private Task SetSort(QueueSort sort) => Apply(_filter with { Sort = sort, Page = 0 });
    private Task SetWorkflow(string? workflow) => Apply(_filter with { Workflow = workflow, Step = null, Kind = null, Page = 0 });
    private Task SetEscalated(bool only) => Apply(_filter with { EscalatedOnly = only, Page = 0 });
    private Task SetPage(int page) => Apply(_filter with { Page = page - 1 });

    private async Task Apply(QueueFilter filter)
    {
        _filter = filter;
        await ReloadAsync();
    }

    public override void Dispose()
    {
        _clock?.Dispose();
        base.Dispose();
    }
}
