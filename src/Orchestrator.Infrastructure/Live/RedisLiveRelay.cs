using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Orchestrator.Infrastructure.Live;

/// <summary>Bound from the "Live" section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";
    /// <summary>A Redis connection string (e.g. "redis:6379"). Set it when several instances serve one database.</summary>
    public string? Redis { get; set; }
    public bool UsesRedis => !string.IsNullOrWhiteSpace(Redis);
}

/// <summary>Carries events to the other instances. The default, for one instance, carries nothing.</summary>
public interface ILiveRelay
{
    Task RelayAsync(IReadOnlyList<LiveEvent> events);
}

public sealed class NoRelay : ILiveRelay
{
    public Task RelayAsync(IReadOnlyList<LiveEvent> events) => Task.CompletedTask;
}

/// <summary>
/// Publishes this instance's events on a Redis channel and feeds the events of the other instances to this instance's
/// circuits. (Hub clients are reached through SignalR's own Redis backplane.)
/// </summary>
public sealed class RedisLiveRelay(IConnectionMultiplexer redis, LiveBus bus, ILogger<RedisLiveRelay> logger) : BackgroundService, ILiveRelay
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("orchestrator:live");
    private readonly string _origin = Guid.NewGuid().ToString("N");

    private sealed record Envelope(string Origin, IReadOnlyList<LiveEvent> Events);

    public async Task RelayAsync(IReadOnlyList<LiveEvent> events)
    {
        try { await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(_origin, events))); }
        catch (Exception ex) { logger.LogWarning(ex, "Relaying live events to other instances failed; their pages catch up on their next refresh"); }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        stoppingToken.Register(() => queue.Unsubscribe());
        queue.OnMessage(async message =>
        {
            try
            {
                var envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString());
                if (envelope is null || envelope.Origin == _origin) return;
                await bus.DeliverAsync(envelope.Events);
            }
            catch (Exception ex) { logger.LogWarning(ex, "A relayed live event could not be delivered"); }
        });
    }
}
