using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>
/// Two instances, as <see cref="ScaleOutCluster"/>, on a PostgreSQL server and a Redis of their own, which the fault
/// tests stop and start (the servers the other tests share stay untouched). Leases and timeouts are short, so work cut
/// off by a fault comes back within seconds: an agent run is lost after 6 s, sweeps run every second, and a Hangfire
/// job fetched by an instance that died runs elsewhere after 10 s.
/// </summary>
public sealed class FaultCluster : ScaleOutCluster
{
    public static readonly TimeSpan AgentLease = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(10);
    /// <summary>The channel the instances relay live events on (RedisLiveRelay.Channel).</summary>
    private const string LiveChannel = "orchestrator:live";

    public OwnPostgres Postgres { get; private set; } = null!;
    public OwnRedis Redis { get; private set; } = null!;

    protected override async Task<(string Database, string Redis)> ProvideStoresAsync()
    {
        Redis = OwnRedis.Start();
        try { Postgres = await OwnPostgres.StartAsync("orchestrator"); }
        catch { Redis.Dispose(); throw; }
        return (Postgres.ConnectionString("orchestrator"), Redis.Endpoint);
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Work__AgentLease"] = AgentLease.ToString(),
        ["Work__SweepInterval"] = "00:00:01",
        ["Jobs__InvisibilityTimeout"] = InvisibilityTimeout.ToString(),
    };

    protected override async Task ReleaseStoresAsync()
    {
        await Postgres.DisposeAsync();
        Redis.Dispose();
    }

    /// <summary>Waits until the instance's /healthz says "healthy" (database, jobs and Redis all ok), or fails with its last answer.</summary>
    public static async Task WaitHealthyAsync(AppServer server, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < until)
        {
            server.EnsureRunning();
            try
            {
                var health = await http.GetFromJsonAsync<JsonObject>(new Uri(server.BaseUrl, "/healthz"));
                if (health?["status"]?.GetValue<string>() == "healthy") return;
                last = health?.ToJsonString() ?? "empty";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException) { last = e.Message; }
            await Task.Delay(250);
        }
        Assert.Fail($"{server.BaseUrl} was not healthy within {timeout.TotalSeconds:0} s after the fault. Last answer: {last}");
    }

    /// <summary>Waits until every instance has subscribed to the live channel again after a Redis restart.</summary>
    public async Task WaitForLiveSubscribersAsync(int instances, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var seen = -1;
        while (DateTime.UtcNow < until)
        {
            seen = await LiveSubscribersAsync();
            if (seen >= instances) return;
            await Task.Delay(200);
        }
        Assert.Fail($"{seen} of {instances} instances listened on Redis channel {LiveChannel} {timeout.TotalSeconds:0} s after the restart: the backplane did not reconnect.");
    }

    /// <summary>PUBSUB NUMSUB, spoken in Redis's inline protocol: the test needs no client library for one command.</summary>
    private async Task<int> LiveSubscribersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Redis.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"PUBSUB NUMSUB {LiveChannel}\r\n"));
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            var count = reply.LastIndexOf(':');
            return count < 0 ? 0 : int.Parse(reply[(count + 1)..].Trim());
        }
        catch (SocketException) { return 0; }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "Two instances on PostgreSQL and Redis of their own, under faults";
}
