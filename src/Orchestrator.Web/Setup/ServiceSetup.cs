using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using MudBlazor.Services;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Jobs;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Live;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Auth;
using Orchestrator.Web.Components.Shared;
using Orchestrator.Web.Hubs;

namespace Orchestrator.Web.Setup;

public static class ServiceSetup
{
    public static WebApplicationBuilder AddOrchestrator(this WebApplicationBuilder builder)
    {
        // Serve framework and MudBlazor assets from the build output too, not only from a publish folder.
        builder.WebHost.UseStaticWebAssets();
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        var config = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        var store = config.GetSection(DataStoreOptions.Section).Get<DataStoreOptions>() ?? new DataStoreOptions();
        var work = config.GetSection(WorkOptions.Section).Get<WorkOptions>() ?? new WorkOptions();
        var demo = config.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        var jobs = config.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        builder.Services.Configure<BootstrapOptions>(config.GetSection(BootstrapOptions.Section));

        builder.Services.AddSingleton(config.GetSection(Infrastructure.Quality.QualityOptions.Section).Get<Infrastructure.Quality.QualityOptions>() ?? new());
        builder.Services.AddOrchestratorStore(store, contentRoot);
        builder.Services.AddOrchestratorWork(work, demo);
        builder.Services.AddOrchestratorJobs(store, jobs, contentRoot);
        builder.Services.AddOrchestratorLearning(config.GetSection(LearningOptions.Section).Get<LearningOptions>() ?? new LearningOptions(), store.ResolvedDataFolder(contentRoot));
        builder.Services.AddSingleton<ILiveNotifier, HubLiveNotifier>();
        var signalR = builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 64 * 1024;
            o.AddFilter<CircuitCallLog>();
        });
        builder.Services.AddLiveAcrossInstances(signalR, config.GetSection(LiveOptions.Section).Get<LiveOptions>() ?? new LiveOptions());

        builder.Services.AddDataProtection()
            .PersistKeysToDbContext<OrchestratorDbContext>()
            .SetApplicationName("Orchestrator");
        builder.AddIdentity();
        builder.AddOrchestratorTelemetry();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddScoped<CircuitHandler, SlowCircuitActivity>();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices(c => c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Api.ApiExceptionHandler>();
        builder.Services.AddApiRateLimits(config.GetSection(ApiRateLimitOptions.Section).Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Components.Shared.CurrentUser>();
        builder.Services.AddScoped<Components.Shared.Permissions>();
        builder.Services.AddSingleton<Features.Account.SignInAudit>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.MaxDepth = 32;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        return builder;
    }

    private static void AddIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "orchestrator.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.Events = new CookieAuthenticationEvents
                {
                    // APIs and hubs answer 401/403; only pages redirect to sign-in.
                    OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden),
                };
            }));
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        // The antiforgery cookie is HttpOnly and SameSite=Strict by default; mark it Secure whenever the request is HTTPS.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OrchestratorDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders();
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/hangfire"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
