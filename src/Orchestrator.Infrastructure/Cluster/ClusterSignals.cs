using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Cluster;

/// <summary>What one instance tells the others.</summary>
public enum ClusterSignal
{
    /// <summary>This instance's agent queue drain is running (repeated while it runs).</summary>
    Draining,
    /// <summary>Agent tasks wait that this instance did not start: an idle instance may take them.</summary>
    AgentWorkWaiting,
}

/// <summary>
/// Short best-effort messages between the instances of a cluster. Nothing depends on one arriving: they only let
/// instances share work sooner than the work sweeper would make them.
/// </summary>
public interface IClusterSignals
{
    /// <summary>This process among the cluster's instances.</summary>
    Guid Instance { get; }

    /// <summary>Raised for every signal another instance sent.</summary>
    event Action<ClusterSignal, Guid>? Received;

    Task SendAsync(ClusterSignal signal, CancellationToken ct = default);
}

/// <summary>The embedded SQLite store serves one instance: there is nobody to tell.</summary>
public sealed class SingleInstanceSignals : IClusterSignals
{
    public Guid Instance { get; } = Guid.NewGuid();

    public event Action<ClusterSignal, Guid>? Received { add { } remove { } }

    public Task SendAsync(ClusterSignal signal, CancellationToken ct = default) => Task.CompletedTask;
}

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY on the shared database: every instance already holds it, so scale-out needs no other
/// broker for these. The listening connection reconnects after a database restart; signals sent meanwhile are lost,
/// which is harmless (see <see cref="IClusterSignals"/>).
/// </summary>
public sealed class PostgresClusterSignals(DataStoreOptions store, ILogger<PostgresClusterSignals> logger) : BackgroundService, IClusterSignals
{
    private const string Channel = "orchestrator_cluster";

    public Guid Instance { get; } = Guid.NewGuid();

    public event Action<ClusterSignal, Guid>? Received;

    public async Task SendAsync(ClusterSignal signal, CancellationToken ct = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(store.ConnectionString);
            await connection.OpenAsync(ct);
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", $"{(int)signal}:{Instance:N}");
            await notify.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogDebug(ex, "Cluster signal {Signal} not sent", signal);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Not pooled: a pooled connection is reset when it goes back, and its LISTEN with it.
                var listening = new NpgsqlConnectionStringBuilder(store.ConnectionString) { Pooling = false, KeepAlive = 10 };
                await using var connection = new NpgsqlConnection(listening.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for cluster signals failed; listening again shortly");
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Deliver(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var kind) || !Enum.IsDefined((ClusterSignal)kind)
            || !Guid.TryParseExact(parts[1], "N", out var sender) || sender == Instance)
            return;
        try { Received?.Invoke((ClusterSignal)kind, sender); }
        catch (Exception ex) { logger.LogWarning(ex, "Handling cluster signal {Signal} failed", (ClusterSignal)kind); }
    }
}
