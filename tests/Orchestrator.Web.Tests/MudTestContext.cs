using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Tests;

/// <summary>
/// One browser circuit with MudBlazor: loose JS interop, MudBlazor services without transitions,
/// disposed asynchronously (MudBlazor's services are async-disposable).
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
    }

    /// <summary>
    /// Signs a user in with the given roles and evaluates the app's real policies (<see cref="Policies.Add"/>),
    /// so a test sees what that role would see. No roles and no name means signed out.
    /// </summary>
    protected void SignIn(string? name, params string[] roles)
    {
        var identity = name is null
            ? new ClaimsIdentity()
            : new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "user-" + name), new Claim("name", name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
                authenticationType: "Test", nameType: "name", roleType: ClaimTypes.Role);
        Services.AddAuthorizationCore(Policies.Add);
        // bUnit registers placeholder services with Add; register the real ones after them so they win.
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(new ClaimsPrincipal(identity)));
        Services.AddCascadingAuthenticationState();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
