using Microsoft.AspNetCore.SignalR;
using Orchestrator.Infrastructure.Live;
using StackExchange.Redis;

namespace Orchestrator.Web.Setup;

public static class LiveSetup
{
    /// <summary>
    /// With Live:Redis set, hub sends go through SignalR's Redis backplane and circuit events through the relay, so a
    /// change on one instance reaches browsers on every instance. Without it, one instance needs neither.
    /// </summary>
    public static IServiceCollection AddLiveAcrossInstances(this IServiceCollection services, ISignalRServerBuilder signalR, LiveOptions options)
    {
        services.AddSingleton(options);
        if (!options.UsesRedis)
        {
            services.AddSingleton<ILiveRelay, NoRelay>();
            return services;
        }
        var redis = ConfigurationOptions.Parse(options.Redis!);
        redis.AbortOnConnectFail = false; // start, and reconnect, while Redis is away
        signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration = redis.Clone();
            o.Configuration.ChannelPrefix = RedisChannel.Literal("orchestrator-hub");
        });
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddSingleton<RedisLiveRelay>();
        services.AddSingleton<ILiveRelay>(sp => sp.GetRequiredService<RedisLiveRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisLiveRelay>());
        return services;
    }
}
