namespace Orchestrator.Infrastructure.Persistence;

/// <summary>Where data lives. Bound from the "Store" configuration section.</summary>
public sealed class DataStoreOptions
{
    public const string Section = "Store";

    /// <summary>Sqlite (embedded default, one instance) or Postgres (one database for several instances).</summary>
    public string Provider { get; set; } = "Sqlite";
    /// <summary>Folder for the SQLite files, data-protection keys and models; created when missing.</summary>
    public string DataFolder { get; set; } = "data";
    /// <summary>Overrides the connection string built from <see cref="DataFolder"/>; required for Postgres.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
                              || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>The provider is known and has what it needs.</summary>
    public void Validate()
    {
        if (!IsPostgres && !IsSqlite)
            throw new InvalidOperationException($"Store:Provider '{Provider}' is not supported; use Sqlite or Postgres.");
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException("Store:Provider is Postgres but Store:ConnectionString is empty; set it, e.g. Host=db;Database=orchestrator;Username=orchestrator;Password=...");
    }

    public string ResolvedDataFolder(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataFolder) ? DataFolder : Path.Combine(contentRoot, DataFolder));

    /// <summary>
    /// The PostgreSQL connection string, asking Npgsql to prepare statements a connection runs again and again (claims,
    /// queue reads), so the server parses and plans them once per connection. A connection string that sets
    /// "Max Auto Prepare" itself (0 for a pooler in transaction mode) keeps its own setting.
    /// </summary>
    public string PostgresConnectionString()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        if (!ConnectionString!.Contains("auto prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    public string SqliteConnectionString(string contentRoot) =>
        ConnectionString ?? $"Data Source={Path.Combine(ResolvedDataFolder(contentRoot), "orchestrator.db")};Default Timeout=30;Pooling=True";
}
