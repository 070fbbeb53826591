using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Orchestrator.Infrastructure.Live;

namespace Orchestrator.Web.Hubs;

/// <summary>Live events for signed-in browsers and tools (the work portal's circuits hear them through the <see cref="LiveBus"/>).</summary>
[Authorize]
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";
    public const string Method = "live";
}

/// <summary>
/// Publishes after commit: to this process's circuits (the bus) and to hub clients. With a SignalR backplane the hub
/// send reaches every instance's clients; the scale-out work feeds other instances' buses from the same backplane.
/// </summary>
public sealed class HubLiveNotifier(LiveBus bus, IHubContext<LiveHub> hub, ILogger<HubLiveNotifier> logger) : ILiveNotifier
{
    public async Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default)
    {
        await bus.DeliverAsync(events);
        try { await hub.Clients.All.SendAsync(LiveHub.Method, events, ct); }
        catch (Exception ex) { logger.LogWarning(ex, "Live hub send failed; circuits on this instance were still told"); }
    }
}
