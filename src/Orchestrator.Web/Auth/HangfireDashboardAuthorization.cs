using Hangfire.Dashboard;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Web.Auth;

/// <summary>The Hangfire dashboard is for Orchestrators and Admins, signed in with their cookie.</summary>
public sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Orchestrator) || user.IsInRole(Roles.Admin));
    }
}
