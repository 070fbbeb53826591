using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Web.Auth;

/// <summary>Who may do what. Every page and endpoint names one of these; the authorization matrix test reads them.</summary>
public static class Policies
{
    public const string Work = "work";
    public const string Board = "board";
    public const string Orchestrate = "orchestrate";
    public const string Dashboards = "dashboards";
    public const string Admin = "admin";
    public const string ApiCases = "api-cases";
    public const string ApiTasks = "api-tasks";
    public const string ApiWorkflows = "api-workflows";
    public const string SignedIn = "signed-in";

    public static void Add(AuthorizationOptions o)
    {
        o.AddPolicy(Work, p => p.RequireRole(Roles.Worker));
        o.AddPolicy(Board, p => p.RequireRole(Roles.Orchestrator, Roles.Admin, Roles.Manager));
        o.AddPolicy(Orchestrate, p => p.RequireRole(Roles.Orchestrator, Roles.Admin));
        o.AddPolicy(Dashboards, p => p.RequireRole(Roles.Manager, Roles.Orchestrator, Roles.Admin));
        o.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        o.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        o.AddPolicy(ApiCases, p => p
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasClaim(ApiKeyAuthentication.ScopeClaim, "cases")
                                   || c.User.IsInRole(Roles.Orchestrator) || c.User.IsInRole(Roles.Admin)));
        o.AddPolicy(ApiWorkflows, p => p
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasClaim(ApiKeyAuthentication.ScopeClaim, "workflows")
                                   || c.User.IsInRole(Roles.Orchestrator) || c.User.IsInRole(Roles.Admin)));
        o.AddPolicy(ApiTasks, p => p
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthentication.ScopeClaim, "tasks")
            .RequireClaim(ApiKeyAuthentication.AgentClaim));
    }

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue("name") ?? user.Identity?.Name ?? "unknown";
}
