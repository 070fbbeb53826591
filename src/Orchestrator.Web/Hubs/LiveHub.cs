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
/// Publishes after commit: to this process's circuits (the bus), to the other instances' circuits (the relay) and to
/// hub clients (with the Redis backplane, on every instance).
/// </summary>
public sealed class HubLiveNotifier(LiveBus bus, ILiveRelay relay, IHubContext<LiveHub> hub, ILogger<HubLiveNotifier> logger) : ILiveNotifier
{
    public async Task PublishAsync(IReadOnlyList<LiveEvent> events, CancellationToken ct = default)
    {
        await bus.DeliverAsync(events);
        await relay.RelayAsync(events);
        try { await hub.Clients.All.SendAsync(LiveHub.Method, events, ct); }
        catch (Exception ex) { logger.LogWarning(ex, "Live hub send failed; circuits on this instance were still told"); }
    }
}
