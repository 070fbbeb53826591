using Microsoft.EntityFrameworkCore.Design;

namespace Orchestrator.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OrchestratorDbContext>
{
    public OrchestratorDbContext CreateDbContext(string[] args) => StoreSetup.CreateForFile(Path.Combine(Path.GetTempPath(), "orchestrator-design.db"));
}
