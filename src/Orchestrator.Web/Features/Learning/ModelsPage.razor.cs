using Microsoft.AspNetCore.Components;
using MudBlazor;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Learning;

public partial class ModelsPage
{
    [Inject] private LearningSteps LearningSteps { get; set; } = default!;
    [Inject] private ModelQueries Models { get; set; } = default!;
    [Inject] private PromoteModelVersion Promote { get; set; } = default!;
    [Inject] private RequestRetrain Retrain { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<LearningStep>? _steps;
    private IReadOnlyList<ModelVersionView>? _versions;
    private string? _selected;
    private LearningStep? _current => _steps?.FirstOrDefault(s => Key(s) == _selected);

    private static string Key(LearningStep s) => $"{s.ProfileKey}|{s.WorkflowKey}|{s.Step.Key}";

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        _steps = await LearningSteps.AllAsync();
        _selected = _steps.Count > 0 ? Key(_steps[0]) : null;
        await ReloadAsync();
    }

    protected override bool Wants(LiveEvent e) => e.Kind == LiveEvent.Kinds.PolicyChanged && e.Status == "model";
    protected override Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events) => ReloadAsync();

    private async Task SelectAsync(string key)
    {
        _selected = key;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        var step = _current;
        _versions = step is null ? null : (await Models.VersionsAsync(step.WorkflowKey, step.Step.Key)).Where(v => v.ProfileKey == step.ProfileKey).ToList();
    }

    private async Task RetrainAsync()
    {
        if (_current is not { } step || !await AllowedAsync()) return;
        var (id, name) = await CurrentUser.GetAsync();
        Retrain.Handle(Actor.User(id, name), step.ProfileKey, step.WorkflowKey, step.Step.Key);
        Snackbar.Add("Retraining started. The new version appears here when it is done; the audit trail has the run's report.", Severity.Info);
    }

    private async Task PromoteAsync(ModelVersionView version)
    {
        if (!await AllowedAsync()) return;
        var (id, name) = await CurrentUser.GetAsync();
        var result = await Promote.HandleAsync(Actor.User(id, name), version.Id);
        Snackbar.Add(result.Succeeded ? $"Version {version.Number} is the champion now." : result.Message ?? "", result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task<bool> AllowedAsync()
    {
        if (await Permissions.AllowsAsync(Auth.Policies.Orchestrate)) return true;
        Snackbar.Add("Only orchestrators and admins retrain and promote models.", Severity.Error);
        return false;
    }
}
