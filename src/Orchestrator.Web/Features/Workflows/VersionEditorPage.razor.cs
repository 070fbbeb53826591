using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Infrastructure.Workflows;
using Orchestrator.Web.Components.Shared;
using Orchestrator.Web.Features.Workflows.Editor;

namespace Orchestrator.Web.Features.Workflows;

/// <summary>
/// Edits a draft version: steps on the left, the selected step on the right, validated after every edit. A published
/// version opens read-only, with a way to start a new draft from it.
/// </summary>
public partial class VersionEditorPage : IDisposable
{
    [Parameter] public string Key { get; set; } = "";
    [Parameter] public int Number { get; set; }

    [Inject] private StudioQueries Queries { get; set; } = default!;
    [Inject] private SaveDraft Save { get; set; } = default!;
    [Inject] private PublishVersion Publish { get; set; } = default!;
    [Inject] private StartDraft Start { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private readonly EditorState _state = new();
    private Workflow? _workflow;
    private WorkflowVersion? _version;
    private DraftModel? _model;
    private IReadOnlyList<string> _agents = [];
    private int _selected;
    private bool _busy, _notFound;
    private string? _conflict;

    private bool ReadOnly => _version is not { IsDraft: true };

    private string SaveState => _state.Dirty ? "Unsaved changes (ctrl+s saves)"
        : _version?.UpdatedAt is { } at ? $"Saved {at:HH:mm} by {_version.UpdatedBy}" : "Not changed yet";

    private IReadOnlyList<BreadcrumbItem> Crumbs =>
        [new("Workflows", "/workflows"), new(_workflow?.Name ?? Key, $"/workflows/{Key}"), new($"Version {Number}", null, disabled: true)];

    protected override void OnInitialized() => _state.Changed += OnChanged;

    protected override async Task OnParametersSetAsync() => await ReloadAsync();

    private async Task ReloadAsync()
    {
        var found = await Queries.VersionAsync(Key, Number);
        _notFound = found is null;
        if (found is null) return;
        (_workflow, _version) = found.Value;
        _model = DraftModel.From(_version);
        _agents = await Queries.AgentKeysAsync();
        _selected = Math.Min(_selected, Math.Max(0, _model.Steps.Count - 1));
        _conflict = null;
        _state.MarkSaved();
        Validate();
    }

    private void OnChanged()
    {
        Validate();
        StateHasChanged();
    }

    private void Validate()
    {
        if (_model is null) return;
        var errors = WorkflowValidator.Validate(_model.ToSteps()).ToList();
        if (_model.OutcomePrice < 0) errors.Add(new("outcomePrice", "Outcome price cannot be negative."));
        _state.SetErrors(errors);
    }

    private void AddStep()
    {
        _model!.Steps.Insert(_selected + (_model.Steps.Count == 0 ? 0 : 1), StepModel.New(_model.NewKey()));
        _selected = _model.Steps.Count == 1 ? 0 : _selected + 1;
        _state.Touch();
    }

    private void MoveStep(int by)
    {
        var to = _selected + by;
        if (to < 0 || to >= _model!.Steps.Count) return;
        _model.Move(_selected, to);
        _selected = to;
        _state.Touch();
    }

    private async Task RemoveStepAsync()
    {
        var step = _model!.Steps[_selected];
        if (await Dialogs.ShowMessageBoxAsync("Remove step", $"Remove step '{step.Name}' ({step.Key}) from this draft?", yesText: "Remove", cancelText: "Cancel") != true) return;
        _model.Steps.RemoveAt(_selected);
        _selected = Math.Max(0, _selected - 1);
        _state.Touch();
    }

    private async Task<Actor> ActorAsync()
    {
        var (id, name) = await CurrentUser.GetAsync();
        return Actor.User(id, name);
    }

    /// <summary>Saves the draft; true when it is saved (or had nothing to save).</summary>
    private async Task<bool> SaveAsync()
    {
        if (ReadOnly || _busy) return false;
        _busy = true;
        try
        {
            var result = await Save.HandleAsync(await ActorAsync(), new DraftInput(Key, Number, _version!.Revision, _model!.OutcomePrice, _model.ToSteps()));
            if (result.Outcome == WorkOutcome.Conflict) { _conflict = result.Message; return false; }
            if (!result.Succeeded) { Snackbar.Add(result.Message ?? "Not saved.", Severity.Error); return false; }
            _version = result.Value;
            _state.MarkSaved();
            Snackbar.Add(_state.Errors.Count == 0 ? "Draft saved." : $"Draft saved, with {_state.Errors.Count} things to fix before publishing.", Severity.Success);
            return true;
        }
        finally { _busy = false; }
    }

    private async Task PublishAsync()
    {
        if (_state.Errors.Count > 0) { Snackbar.Add($"Fix the {_state.Errors.Count} problems listed above first.", Severity.Warning); return; }
        if (_state.Dirty && !await SaveAsync()) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Publish version {Number}",
            "New cases will start on this version. Cases already running stay on their version. A published version cannot be changed.",
            yesText: "Publish", cancelText: "Cancel");
        if (confirmed != true) return;
        _busy = true;
        try
        {
            var result = await Publish.HandleAsync(await ActorAsync(), Key, Number, _version!.Revision);
            if (result.Outcome == WorkOutcome.Conflict) { _conflict = result.Message; return; }
            if (!result.Succeeded)
            {
                _state.SetErrors(result.Errors ?? []);
                Snackbar.Add(result.Message ?? "Not published.", Severity.Error);
                return;
            }
            Snackbar.Add($"Version {Number} is published.", Severity.Success);
            Navigation.NavigateTo($"/workflows/{Key}");
        }
        finally { _busy = false; }
    }

    private async Task StartDraftAsync()
    {
        var result = await Start.HandleAsync(await ActorAsync(), Key, Number);
        if (!result.Succeeded) { Snackbar.Add(result.Message ?? "No draft started.", Severity.Error); return; }
        Navigation.NavigateTo($"/workflows/{Key}/versions/{result.Value!.Number}");
    }

    private async Task<bool> OnKeyAsync(string key)
    {
        if (key != "ctrl+s" || ReadOnly) return false;
        await SaveAsync();
        StateHasChanged();
        return true;
    }

    public void Dispose() => _state.Changed -= OnChanged;
}
