using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Infrastructure.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL model; no server is contacted.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OrchestratorDbContext>
{
    public OrchestratorDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OrchestratorDbContext>();
        StoreSetup.Configure(options, new DataStoreOptions { Provider = "Postgres", ConnectionString = "Host=localhost;Database=orchestrator_design" }, Path.GetTempPath());
        return new OrchestratorDbContext(options.Options);
    }
}
