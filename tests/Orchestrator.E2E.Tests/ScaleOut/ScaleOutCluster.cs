using Npgsql;
using Orchestrator.E2E.Tests.Infrastructure;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>
/// Two app processes on one fresh PostgreSQL database and one Redis, started at the same moment (so migrations and
/// demo seeding race, as they would behind a load balancer), and one Chromium. The servers come from
/// ORCHESTRATOR_TEST_POSTGRES (a maintenance-database connection string) and ORCHESTRATOR_TEST_REDIS (host:port);
/// `.ci/test` starts both from Debian's packages.
/// </summary>
public class ScaleOutCluster : IAsyncLifetime
{
    public const string PostgresVariable = "ORCHESTRATOR_TEST_POSTGRES";
    public const string RedisVariable = "ORCHESTRATOR_TEST_REDIS";

    private string? _database;
    private IPlaywright? _playwright;
    private Dictionary<string, string> _environment = null!;

    public AppServer A { get; private set; } = null!;
    public AppServer B { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>The app's database, for tests that count what it holds.</summary>
    public string Database => _database!;

    public async Task InitializeAsync()
    {
        var (database, redis) = await ProvideStoresAsync();
        _database = database;
        _environment = new Dictionary<string, string>
        {
            ["Store__Provider"] = "Postgres",
            ["Store__ConnectionString"] = _database,
            ["Live__Redis"] = redis,
        };
        foreach (var (key, value) in Settings) _environment[key] = value;
        var servers = new[] { StartInstanceAsync(), StartInstanceAsync() };
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await Chromium.LaunchAsync(_playwright);
        }
        finally
        {
            A = await servers[0];
            B = await servers[1];
        }
    }

    /// <summary>The database (a connection string) and Redis (host:port) the instances share.</summary>
    protected virtual async Task<(string Database, string Redis)> ProvideStoresAsync()
    {
        var admin = Required(PostgresVariable, "Host=127.0.0.1;Username=postgres;Password=...;Database=postgres");
        var redis = Required(RedisVariable, "127.0.0.1:6379");
        var name = "orch_scale_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return (new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 30 }.ConnectionString, redis);
    }

    /// <summary>Settings every instance gets on top of the stores.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    private Task<AppServer> StartInstanceAsync() => AppServer.StartAsync(TestPaths.RepoRoot(), _environment);

    /// <summary>Starts a new instance in place of one that a test killed (it gets a new port).</summary>
    public async Task EnsureBothRunningAsync()
    {
        if (A.HasExited) { await A.DisposeAsync(); A = await StartInstanceAsync(); }
        if (B.HasExited) { await B.DisposeAsync(); B = await StartInstanceAsync(); }
    }

    public async Task<IPage> SignInAsync(AppServer server, DemoUser user)
    {
        server.EnsureRunning();
        var page = await Chromium.NewPageAsync(Browser, server.BaseUrl);
        await new Pages.LoginPage(page).SignInAsync(user.Email, DemoUsers.Password);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (_database is not null) await ReleaseStoresAsync();
    }

    protected virtual async Task ReleaseStoresAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(_database).Database}\" WITH (FORCE)", connection);
        // An autovacuum worker may be busy in the database after the tests' writes; FORCE may not end it for a
        // non-superuser (42501), and it ends by itself within moments.
        for (var attempt = 1; ; attempt++)
        {
            try { await drop.ExecuteNonQueryAsync(); return; }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20) { await Task.Delay(250); }
        }
    }

    private static string Required(string variable, string example) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set. The scale-out tests need real servers: run `bash .ci/test` "
                                                  + $"(it starts PostgreSQL and Redis from Debian's packages) or set it, e.g. {example}.");
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutCluster>
{
    public const string Name = "Two instances on PostgreSQL and Redis";
}
