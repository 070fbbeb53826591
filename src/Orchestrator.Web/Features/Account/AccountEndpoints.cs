using Microsoft.AspNetCore.Identity;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Web.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with an antiforgery token (the layout's Sign out button), so no other site can sign people out.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, SignInAudit audit) =>
        {
            await audit.RecordSignOutAsync(http.User);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).RequireAuthorization();
        return app;
    }
}
