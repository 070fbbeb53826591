using Microsoft.AspNetCore.Components.Authorization;
using Orchestrator.Web.Auth;

namespace Orchestrator.Web.Components.Shared;

/// <summary>The signed-in person of this circuit.</summary>
public sealed class CurrentUser(AuthenticationStateProvider auth)
{
    public async Task<(string Id, string Name)> GetAsync()
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        return (user.UserId() ?? throw new InvalidOperationException("Not signed in."), user.DisplayName());
    }
}
