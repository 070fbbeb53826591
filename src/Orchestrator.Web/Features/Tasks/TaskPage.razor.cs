using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Tasks;

public partial class TaskPage
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private TaskQueries Queries { get; set; } = default!;
    [Inject] private ClaimTask Claims { get; set; } = default!;
    [Inject] private CompleteTask Complete { get; set; } = default!;
    [Inject] private ReleaseTask Release { get; set; } = default!;
    [Inject] private EscalateTask Escalate { get; set; } = default!;
    [Inject] private ExtendClaim Extend { get; set; } = default!;
    [Inject] private AddComment Comments { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private TaskDetail? _detail;
    private TaskForm? _form;
    private bool _loading = true;
    private bool _busy;
    private string? _notice;
    private string? _commentError;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private bool _validated;
    private string _userId = "";
    private bool _eligible;
    private DateTime _now;
    private DateTime _lastActivity;
    private Timer? _keepAlive;

    private bool Mine => _detail?.Task.IsHeldBy(_userId) == true && _notice is null;
    private bool Claimable => _detail?.Task.InHumanQueue == true && _eligible;

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        (_userId, _) = await CurrentUser.GetAsync();
        await LoadAsync();
        _lastActivity = Clock.GetUtcNow().UtcDateTime;
        // While the person is active here, the claim is kept alive; an abandoned page lets it lapse back to the queue.
        _keepAlive = new Timer(_ => InvokeAsync(KeepAliveAsync), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_detail is not null && _detail.Task.Id != Id) await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = _detail is null;
        _detail = await Queries.DetailAsync(Id);
        _now = Clock.GetUtcNow().UtcDateTime;
        var worker = await Queries.WorkerAsync(_userId);
        _eligible = worker is not null && _detail is not null && worker.CanTake(_detail.Task.RequiredSkills, _detail.Task.ReservedForTrainees);
        _loading = false;
    }

    protected override bool Wants(LiveEvent e) => e.TaskId == Id || (e.CaseId == _detail?.Case.Id && e.Kind == LiveEvent.Kinds.TaskChanged);

    protected override async Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events)
    {
        var wasMine = Mine;
        await LoadAsync();
        if (wasMine && _detail is not null && !_detail.Task.IsHeldBy(_userId) && !_busy)
            _notice = _detail.Task.Status == WorkTaskStatus.Claimed
                ? $"This task was reassigned to {_detail.Task.AssigneeName}. Your changes here were not saved."
                : $"This task is now {_detail.Task.Status} and no longer yours. Your changes here were not saved.";
    }

    private void OnFieldChanged(string key)
    {
        _lastActivity = Clock.GetUtcNow().UtcDateTime;
        if (_validated && _form is not null) _errors = _form.Validate();
    }

    private async Task KeepAliveAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        if (Mine && _now - _lastActivity < TimeSpan.FromMinutes(5))
        {
            var lease = await Extend.HandleAsync(_userId, Id);
            if (lease is null) await LoadAsync();
        }
        StateHasChanged();
    }

    private async Task<bool> OnKeyAsync(string key)
    {
        _lastActivity = Clock.GetUtcNow().UtcDateTime;
        if (key != "ctrl+enter" || !Mine) return false;
        await CompleteAsync(true);
        return true;
    }

    private async Task CompleteAsync(bool thenNext)
    {
        if (_form is null || _busy) return;
        _validated = true;
        _errors = _form.Validate();
        if (_errors.Count > 0) { Snackbar.Add("Some fields need attention.", Severity.Warning); return; }
        _busy = true;
        try
        {
            var result = await Complete.HandleAsync(_userId, Id, _form.Output());
            if (result.Succeeded)
            {
                Snackbar.Add("Completed.", Severity.Success);
                await GoOnAsync(thenNext);
                return;
            }
            Show(result);
        }
        finally { _busy = false; }
    }

    private async Task GoOnAsync(bool thenNext)
    {
        if (thenNext)
        {
            var next = await Claims.NextAsync(_userId);
            if (next.Succeeded) { Navigation.NavigateTo($"/tasks/{next.Value!.Id}"); return; }
            Snackbar.Add(next.Message ?? "", Severity.Info);
        }
        Navigation.NavigateTo("/my-work");
    }

    private async Task ReleaseAsync()
    {
        _busy = true;
        try
        {
            var result = await Release.HandleAsync(_userId, Id);
            if (result.Succeeded) { Snackbar.Add("Released to the queue.", Severity.Info); Navigation.NavigateTo("/my-work"); }
            else Show(result);
        }
        finally { _busy = false; }
    }

    private async Task EscalateAsync()
    {
        var dialog = await Dialogs.ShowAsync<EscalateDialog>("Escalate");
        var answer = await dialog.Result;
        if (answer is null || answer.Canceled || answer.Data is not string reason) return;
        _busy = true;
        try
        {
            var result = await Escalate.HandleAsync(_userId, Id, reason, _form?.Output());
            if (result.Succeeded) { Snackbar.Add("Escalated.", Severity.Info); Navigation.NavigateTo("/my-work"); }
            else Show(result);
        }
        finally { _busy = false; }
    }

    private async Task ClaimAsync()
    {
        _busy = true;
        try
        {
            var result = await Claims.HandleAsync(_userId, Id);
            if (!result.Succeeded) Snackbar.Add(result.Message ?? "", Severity.Warning);
            _notice = null;
            await LoadAsync();
        }
        finally { _busy = false; }
    }

    private async Task CommentAsync(string text)
    {
        var (_, name) = await CurrentUser.GetAsync();
        var result = await Comments.HandleAsync(name, Id, text);
        _commentError = result.Succeeded ? null : result.Errors?.FirstOrDefault()?.Message ?? result.Message;
        await LoadAsync();
    }

    private void Show<T>(WorkResult<T> result)
    {
        switch (result.Outcome)
        {
            case WorkOutcome.Invalid:
                _errors = (result.Errors ?? []).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First().Message);
                Snackbar.Add("Some fields need attention.", Severity.Warning);
                break;
            case WorkOutcome.Conflict:
                _notice = result.Message;
                break;
            default:
                Snackbar.Add(result.Message ?? "That did not work.", Severity.Error);
                break;
        }
    }

    public override void Dispose()
    {
        _keepAlive?.Dispose();
        base.Dispose();
    }
}
