using Microsoft.EntityFrameworkCore;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Integration.Tests.Persistence;

/// <summary>
/// Each provider's migrations describe today's model: a model change without regenerated migrations
/// (src/Orchestrator.Infrastructure/Persistence/regenerate-migrations.sh) fails here, not at a user's start-up.
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("Postgres", "Host=127.0.0.1;Database=never_contacted")]
    public void Migrations_MatchTheModel(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<OrchestratorDbContext>();
        StoreSetup.Configure(options, new DataStoreOptions { Provider = provider, ConnectionString = connectionString }, Path.GetTempPath());
        using var db = new OrchestratorDbContext(options.Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: run regenerate-migrations.sh.");
    }
}
