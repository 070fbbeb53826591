using Microsoft.AspNetCore.Identity;

namespace Orchestrator.Infrastructure.Persistence;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}

/// <summary>The four roles of PRODUCT.md, "Who uses it".</summary>
public static class Roles
{
    public const string Worker = nameof(Worker);
    public const string Orchestrator = nameof(Orchestrator);
    public const string Manager = nameof(Manager);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Worker, Orchestrator, Manager, Admin];

    /// <summary>Who may see the live board and the workforce (Managers read only).</summary>
    public const string BoardViewers = Orchestrator + "," + Admin + "," + Manager;
    public const string Orchestrators = Orchestrator + "," + Admin;
    public const string DashboardViewers = Manager + "," + Orchestrator + "," + Admin;
}
