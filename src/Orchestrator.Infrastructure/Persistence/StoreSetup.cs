using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Infrastructure.Persistence;

public static class StoreSetup
{
    /// <summary>Registers the DbContext factory on the configured provider. Nothing outside this folder knows which one.</summary>
    public static IServiceCollection AddOrchestratorStore(this IServiceCollection services, DataStoreOptions options, string contentRoot)
    {
        options.Validate();
        Directory.CreateDirectory(options.ResolvedDataFolder(contentRoot));
        services.AddSingleton(options);
        services.AddSingleton(new WriteGate(singleWriter: options.IsSqlite)); // SQLite: one writer at a time
        // Pooled: a unit of work is short and many run at once (claims); a fresh context per unit was most of a claim's garbage.
        services.AddPooledDbContextFactory<OrchestratorDbContext>(o => Configure(o, options, contentRoot));
        // Identity's stores take a scoped context; it comes from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<OrchestratorDbContext>>().CreateDbContext());
        if (options.IsSqlite)
        {
            services.AddHostedService(sp => new SqliteCheckpointer(options.SqliteConnectionString(contentRoot), sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
            services.AddSingleton<Cluster.IClusterSignals, Cluster.SingleInstanceSignals>();
        }
        else
        {
            services.AddSingleton<Cluster.PostgresClusterSignals>();
            services.AddSingleton<Cluster.IClusterSignals>(sp => sp.GetRequiredService<Cluster.PostgresClusterSignals>());
            services.AddHostedService(sp => sp.GetRequiredService<Cluster.PostgresClusterSignals>());
        }
        return services;
    }

    /// <summary>PostgreSQL's migrations live in their own assembly: one assembly holds one provider's history.</summary>
    public const string PostgresMigrationsAssembly = "Orchestrator.Infrastructure.Postgres";

    public static void Configure(DbContextOptionsBuilder o, DataStoreOptions options, string contentRoot)
    {
        options.Validate();
        if (options.IsPostgres)
            o.UseNpgsql(options.PostgresConnectionString(), n => n.MigrationsAssembly(PostgresMigrationsAssembly));
        else
            o.UseSqlite(options.SqliteConnectionString(contentRoot), s => s.MigrationsAssembly(typeof(StoreSetup).Assembly.FullName))
             .AddInterceptors(new SqlitePragmas());
    }

    /// <summary>A context on a given SQLite file, for tools and benchmarks that run without the web host.</summary>
    public static OrchestratorDbContext CreateForFile(string path)
    {
        var b = new DbContextOptionsBuilder<OrchestratorDbContext>();
        b.UseSqlite($"Data Source={path};Default Timeout=30;Pooling=True").AddInterceptors(new SqlitePragmas());
        return new OrchestratorDbContext(b.Options);
    }
}
