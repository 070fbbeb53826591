using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Orchestrator.Domain.Agents;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Board;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Features.Agents;

public partial class AgentsPage
{
    [Inject] private BoardQueries Board { get; set; } = default!;
    [Inject] private ControlAgent Control { get; set; } = default!;
    [Inject] private IDbContextFactory<OrchestratorDbContext> Contexts { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;

    private IReadOnlyList<AgentLoad>? _agents;
    private readonly StableRows<string, AgentLoad> _rows = new(a => a.Key);
    private Dictionary<string, AgentProfile> _profiles = [];

    protected override async Task OnInitializedAsync()
    {
        base.OnInitialized();
        await ReloadAsync();
    }

    protected override bool Wants(LiveEvent e) => e.Kind is LiveEvent.Kinds.WorkforceChanged or LiveEvent.Kinds.TaskChanged;
    protected override TimeSpan Debounce => TimeSpan.FromMilliseconds(500);
    protected override Task OnLiveChangeAsync(IReadOnlyList<LiveEvent> events) => ReloadAsync();

    private async Task ReloadAsync()
    {
        await using (var db = await Contexts.CreateDbContextAsync())
            _profiles = await db.AgentProfiles.AsNoTracking().ToDictionaryAsync(a => a.Key);
        _agents = await Board.AgentsAsync();
        _rows.Update(_agents);
    }

    private static Color StatusColor(AgentStatus s) => s switch { AgentStatus.Active => Color.Success, AgentStatus.Paused => Color.Warning, _ => Color.Default };

    private async Task RunAsync(string key, AgentCommand command, string? reason = null)
    {
        if (!await Permissions.AllowsAsync(Auth.Policies.Orchestrate)) { Snackbar.Add("Only orchestrators and admins control agents.", Severity.Error); return; }
        var (id, name) = await CurrentUser.GetAsync();
        var result = await Control.HandleAsync(Actor.User(id, name), key, command, reason);
        Snackbar.Add(result.Succeeded ? $"{key}: {result.Value!.Status}" : result.Message ?? "", result.Succeeded ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task EditAsync(AgentProfile? existing)
    {
        var parameters = new DialogParameters<AgentDialog> { { d => d.Existing, existing } };
        var dialog = await Dialogs.ShowAsync<AgentDialog>(existing is null ? "New agent" : "Edit agent", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) { Snackbar.Add("Agent profile saved.", Severity.Success); await ReloadAsync(); }
    }

    private async Task RetireAsync(string key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Retire agent", $"Retire {key}? It will take no more work and cannot be resumed.", yesText: "Retire", cancelText: "Cancel");
        if (confirmed == true) await RunAsync(key, AgentCommand.Retire, "Retired from the Agents page");
    }
}
