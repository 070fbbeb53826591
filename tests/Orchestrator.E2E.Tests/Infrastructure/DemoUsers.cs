namespace Orchestrator.E2E.Tests.Infrastructure;

/// <summary>A demo sign-in: the short role name used in file names, the email, the display name, and the home card it sees.</summary>
public sealed record DemoUser(string Role, string Email, string Name, string HomeCard)
{
    public override string ToString() => Role;
}

/// <summary>The demo's seeded users (src/Orchestrator.Infrastructure/Demo/DemoOptions.cs).</summary>
public static class DemoUsers
{
    public const string Password = "Demo-pass-2026";
    public const string ApiKey = "ork_demo_local_only_key";
    /// <summary>The external worker's key (scope tasks, agent profile ext-doc-checker).</summary>
    public const string WorkerApiKey = "ork_demo_external_worker_key";

    public static readonly DemoUser Ana = new("worker", "worker@demo.local", "Ana Ruiz", "home-worker");
    public static readonly DemoUser Ben = new("worker2", "worker2@demo.local", "Ben Okafor", "home-worker");
    public static readonly DemoUser Chloe = new("trainee", "trainee@demo.local", "Chloe Park", "home-worker");
    public static readonly DemoUser Dana = new("orchestrator", "orchestrator@demo.local", "Dana Singh", "home-board");
    public static readonly DemoUser Eli = new("manager", "manager@demo.local", "Eli Novak", "home-board");
    public static readonly DemoUser Fay = new("admin", "admin@demo.local", "Fay Admin", "home-admin");

    public static readonly IReadOnlyList<DemoUser> All = [Ana, Ben, Chloe, Dana, Eli, Fay];

    public static DemoUser ByRole(string role) => All.Single(u => u.Role == role);
}
