using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Queues;

public partial class MyWorkPage
{
    [Inject] private TaskQueries Queries { get; set; } = default!;
    [Inject] private ReleaseTask Release { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private IReadOnlyList<QueueItem>? _held;
    private Worker? _worker;
    private string _userId = "";
    private DateTime _now;
    private WorkHeader? _header;
    private Timer? _clock;

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        (_userId, _) = await CurrentUser.GetAsync();
        await ReloadAsync();
        _clock = new Timer(_ => InvokeAsync(() => { _now = Clock.GetUtcNow().UtcDateTime; StateHasChanged(); }), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    protected override bool Wants(LiveEvent e) =>
        e.AssigneeId == _userId || e.PreviousAssigneeId == _userId || (e.Kind == LiveEvent.Kinds.TaskChanged && _held?.Any(t => t.Id == e.TaskId) == true);

    protected override async Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events)
    {
        var before = _held?.Select(t => t.Id).ToHashSet() ?? [];
        await ReloadAsync();
        var gone = before.Except(_held!.Select(t => t.Id)).Count();
        if (gone > 0 && events.Any(e => e.PreviousAssigneeId == _userId && e.AssigneeId != _userId && e.Status != "Completed"))
            Snackbar.Add(gone == 1 ? "A task you held was taken from you (reassigned or expired)." : $"{gone} tasks you held were taken from you.", Severity.Warning);
    }

    private async Task ReloadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        _worker = await Queries.WorkerAsync(_userId);
        _held = await Queries.HeldAsync(_userId);
    }

    private async Task<bool> OnKeyAsync(string key)
    {
        if (key != "n") return false;
        await _header!.ClaimNextAsync();
        return true;
    }


    private async Task ReleaseAsync(Guid taskId)
    {
        var result = await Release.HandleAsync(_userId, taskId);
        Snackbar.Add(result.Succeeded ? "Released to the queue." : result.Message ?? "", result.Succeeded ? Severity.Info : Severity.Warning);
        await ReloadAsync();
    }

    public override void Dispose()
    {
        _clock?.Dispose();
        base.Dispose();
    }
}
