namespace Orchestrator.Infrastructure.Persistence;

/// <summary>Where data lives. Bound from the "Store" configuration section.</summary>
public sealed class DataStoreOptions
{
    public const string Section = "Store";

    /// <summary>Sqlite (embedded default). PostgreSQL is added by the scale-out work.</summary>
    public string Provider { get; set; } = "Sqlite";
    /// <summary>Folder for the SQLite files, data-protection keys and models; created when missing.</summary>
    public string DataFolder { get; set; } = "data";
    /// <summary>Overrides the connection string built from <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    public string ResolvedDataFolder(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataFolder) ? DataFolder : Path.Combine(contentRoot, DataFolder));

    public string SqliteConnectionString(string contentRoot) =>
        ConnectionString ?? $"Data Source={Path.Combine(ResolvedDataFolder(contentRoot), "orchestrator.db")};Default Timeout=30;Pooling=True";
}
