using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Orchestrator.Web.Components.Shared;

/// <summary>
/// Checks a policy for the circuit's user right before an action runs, so an action is refused on the server even if
/// a control for it were reached some other way than the page offering it.
/// </summary>
public sealed class Permissions(AuthenticationStateProvider auth, IAuthorizationService authorization)
{
    public async Task<bool> AllowsAsync(string policy) =>
        (await authorization.AuthorizeAsync((await auth.GetAuthenticationStateAsync()).User, policy)).Succeeded;
}
