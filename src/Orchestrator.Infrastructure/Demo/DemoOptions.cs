namespace Orchestrator.Infrastructure.Demo;

/// <summary>Bound from the "Demo" section. With Enabled false nothing is seeded and no default credentials exist.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public bool Enabled { get; set; } = true;
    public string Password { get; set; } = "Demo-pass-2026";
    /// <summary>The documented API key the demo seeds for its curl examples.</summary>
    public string ApiKey { get; set; } = "ork_demo_local_only_key";
    /// <summary>The documented key of the demo's external pull worker (scope tasks, agent ext-doc-checker).</summary>
    public string WorkerApiKey { get; set; } = "ork_demo_external_worker_key";
    public int InitialCases { get; set; } = 40;
    /// <summary>New demo cases each minute (the living demo); 0 stops them.</summary>
    public int CasesPerMinute { get; set; } = 2;
    /// <summary>Simulated people working human tasks beside real ones (0: none).</summary>
    public int CrewSize { get; set; } = 4;
    public int CrewMinSeconds { get; set; } = 20;
    public int CrewMaxSeconds { get; set; } = 120;
    public double CrewAccuracy { get; set; } = 0.95;
    /// <summary>The crew stops claiming when this many human tasks or fewer are waiting, so people always find work.</summary>
    public int CrewLeavesForPeople { get; set; } = 8;

    public static readonly IReadOnlyList<(string Email, string Name)> Crew =
    [
        ("crew1@demo.local", "Sim Adeyemi"), ("crew2@demo.local", "Sim Bauer"), ("crew3@demo.local", "Sim Castillo"), ("crew4@demo.local", "Sim Dubois"),
        ("crew5@demo.local", "Sim Eriksen"), ("crew6@demo.local", "Sim Fujita"),
    ];
    public int Seed { get; set; } = 2026;
    /// <summary>Weeks of history written on the demo's first start (Demo:Backfill).</summary>
    public DemoBackfillOptions Backfill { get; set; } = new();

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("worker@demo.local", "Ana Ruiz", ["Worker"], ["claims", "settlement", "documents", "review"], 5, 38m, false),
        new("worker2@demo.local", "Ben Okafor", ["Worker"], ["claims", "fraud", "review"], 5, 42m, false),
        new("trainee@demo.local", "Chloe Park", ["Worker"], ["claims"], 3, 24m, true),
        new("orchestrator@demo.local", "Dana Singh", ["Orchestrator"], [], 0, 0m, false),
        new("manager@demo.local", "Eli Novak", ["Manager"], [], 0, 0m, false),
        new("admin@demo.local", "Fay Admin", ["Admin"], [], 0, 0m, false),
    ];
}

/// <summary>
/// The demo's history: on first start, weeks of cases worked by the same engine on a simulated clock, so the dashboards,
/// the Quality page and the learning curve have a past. Off in tests unless a test turns it on.
/// </summary>
public sealed class DemoBackfillOptions
{
    public bool Enabled { get; set; } = true;
    public int Weeks { get; set; } = 12;
    public int CasesPerWeek { get; set; } = 60;
}

public sealed record DemoUser(string Email, string Name, string[] Roles, string[] Skills, int Capacity, decimal HourlyCost, bool Trainee);

/// <summary>The first admin when demo data is off. Bound from the "Bootstrap" section.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}
