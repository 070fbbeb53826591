using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Orchestrator.Infrastructure.Persistence;

namespace Orchestrator.Web.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with an antiforgery token (the layout's Sign out button), so no other site can sign people out.
        // The token is checked here: the antiforgery middleware only records a failure for handlers that bind no form.
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn, SignInAudit audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Problem("Sign out from the app's Sign out button.", statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token.");
            await audit.RecordSignOutAsync(http.User);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization();
        return app;
    }
}
