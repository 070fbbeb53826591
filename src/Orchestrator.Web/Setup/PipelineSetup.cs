using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Jobs;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Web.Api;
using Orchestrator.Web.Auth;
using Orchestrator.Web.Components;
using Orchestrator.Web.Features.Account;
using Orchestrator.Web.Features.Audit;
using Orchestrator.Web.Features.Dashboards;
using Orchestrator.Web.Hubs;

namespace Orchestrator.Web.Setup;

public static class PipelineSetup
{
    public static WebApplication UseOrchestrator(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi().AllowAnonymous();
        app.MapGroup("/api/v1").RequireRateLimiting(ApiRateLimits.Policy).MapCasesApi().MapWorkflowsApi().MapTasksApi().MapModelsApi().MapMetricsApi();
        app.MapHealth();
        app.MapAccountEndpoints();
        app.MapAuditExport();
        app.MapDashboardExport();
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new HangfireDashboardAuthorization()], DisplayStorageConnectionString = false });
        // Our own Content-Security-Policy already says frame-ancestors 'none'; Blazor's second header would only repeat it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>Migrations, roles, the demo (or the bootstrap admin) and recurring jobs, before the first request.</summary>
    public static async Task InitializeOrchestratorAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        // Instances that start together take turns: one migrates and seeds, the others then find it done.
        await using var startup = await Infrastructure.Cluster.StartupLock.AcquireAsync(services.GetRequiredService<DataStoreOptions>());
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var demo = services.GetRequiredService<DemoOptions>();
        if (demo.Enabled)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync();
            PrintDemoLogins(app, demo);
        }
        else await BootstrapAdminAsync(services, app.Logger);
        JobSetup.ScheduleRecurringJobs(services.GetRequiredService<IRecurringJobManager>(), demo.Enabled && demo.CasesPerMinute > 0,
            services.GetRequiredService<Orchestrator.Infrastructure.Quality.QualityOptions>().SamplingCron);
        Infrastructure.Learning.LearningSetup.ScheduleRetraining(services.GetRequiredService<IRecurringJobManager>(), services.GetRequiredService<Infrastructure.Learning.LearningOptions>());
    }

    private static void PrintDemoLogins(WebApplication app, DemoOptions demo)
    {
        var lines = DemoOptions.Users.Select(u => $"  {string.Join(",", u.Roles),-13} {u.Email,-26} {demo.Password}");
        Console.WriteLine($"""

            Orchestrator demo sign-ins (password for all: {demo.Password}):
            {string.Join(Environment.NewLine, lines)}
              API key (cases): {demo.ApiKey}
              API key (external worker, tasks): {demo.WorkerApiKey}

            """);
    }

    private static async Task BootstrapAdminAsync(IServiceProvider services, ILogger logger)
    {
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.AdminEmail) || string.IsNullOrWhiteSpace(options.AdminPassword)) return;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(options.AdminEmail) is not null) return;
        var admin = new AppUser { UserName = options.AdminEmail, Email = options.AdminEmail, EmailConfirmed = true, DisplayName = "Administrator" };
        var created = await users.CreateAsync(admin, options.AdminPassword);
        if (!created.Succeeded) throw new InvalidOperationException("Bootstrap admin not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);
        logger.LogInformation("Created the bootstrap admin {Email}", options.AdminEmail);
    }
}
