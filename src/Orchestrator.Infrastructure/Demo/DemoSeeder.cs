using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Infrastructure.Security;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>Seeds the demo once. Every part checks what exists, so a start that crashed midway finishes the job next time.</summary>
public sealed class DemoSeeder(
    IDbContextFactory<OrchestratorDbContext> contexts, UserManager<AppUser> users, DemoOptions options,
    OpenCase openCase, WorkflowCatalog catalog, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string SeededMarker = "demo.seeded";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Settings.AnyAsync(s => s.Key == SeededMarker, ct)) return;
        var now = clock.GetUtcNow().UtcDateTime;

        foreach (var u in DemoOptions.Users) await EnsureUserAsync(db, u);
        foreach (var (email, name) in DemoOptions.Crew.Take(options.CrewSize)) await EnsureCrewAsync(db, email, name);
        await EnsureAgentsAsync(db, now, ct);
        await EnsureWorkflowsAsync(db, now, ct);
        await EnsureApiKeyAsync(db, now, ct);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate();

        // With a history to write, today's cases open after it (DemoHistoryService), so the past stays the past.
        if (options.Backfill.Enabled) db.Settings.Add(new AppSetting { Key = DemoHistory.Marker, Value = DemoHistory.Pending });
        else await OpenInitialCasesAsync(ct);
        db.Settings.Add(new AppSetting { Key = SeededMarker, Value = now.ToString("O") });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo seeded: {Users} users, {Cases} cases{History}", DemoOptions.Users.Count, options.InitialCases,
            options.Backfill.Enabled ? $" after {options.Backfill.Weeks} weeks of history" : "");
    }

    /// <summary>The demo's first open cases; their external ids make this safe to repeat.</summary>
    public async Task OpenInitialCasesAsync(CancellationToken ct = default)
    {
        var claims = new DemoClaims(options.Seed);
        for (var i = 1; i <= options.InitialCases; i++)
        {
            var (payload, truth) = claims.Next();
            var result = await openCase.HandleAsync(new OpenCaseRequest(AutoClaimsWorkflow.Key, $"demo-{i:D4}", i % 7 == 0 ? 50 : 0, payload, truth), Actor.System, ct);
            if (!result.Succeeded) logger.LogWarning("Demo case {I} not created: {Message}", i, result.Message);
        }
    }

    private async Task EnsureUserAsync(OrchestratorDbContext db, DemoUser u)
    {
        var user = await users.FindByEmailAsync(u.Email);
        if (user is null)
        {
            user = new AppUser { UserName = u.Email, Email = u.Email, EmailConfirmed = true, DisplayName = u.Name };
            var created = await users.CreateAsync(user, options.Password);
            if (!created.Succeeded) throw new InvalidOperationException("Demo user not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        foreach (var role in u.Roles)
            if (!await users.IsInRoleAsync(user, role)) await users.AddToRoleAsync(user, role);
        if (u.Roles.Contains(Roles.Worker) && await db.Workers.FindAsync(user.Id) is null)
            db.Workers.Add(Worker.Create(user.Id, u.Name, u.Skills, u.Capacity, u.HourlyCost, u.Trainee));
    }

    /// <summary>A crew member has no password and is locked out for good: it works through the engine, never through sign-in.</summary>
    private async Task EnsureCrewAsync(OrchestratorDbContext db, string email, string name)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, LockoutEnabled = true, LockoutEnd = DateTimeOffset.MaxValue };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) throw new InvalidOperationException("Demo crew member not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Worker);
        }
        if (await db.Workers.FindAsync(user.Id) is null)
            db.Workers.Add(Worker.Create(user.Id, name, ["claims", "documents", "fraud", "settlement", "review"], 2, 35m, isSimulated: true));
    }

    private static async Task EnsureAgentsAsync(OrchestratorDbContext db, DateTime now, CancellationToken ct)
    {
        (string Key, string Name, double Accuracy, int Tokens)[] agents =
        [
            ("sim-triage", "Triage simulator", 0.88, 600), ("sim-extract", "Extraction simulator", 0.95, 1800),
            ("sim-coverage", "Coverage simulator", 0.9, 900), ("sim-fraud", "Fraud screen simulator", 0.82, 1200),
            ("sim-letter", "Letter writer simulator", 0.93, 1500),
        ];
        foreach (var a in agents)
        {
            if (await db.AgentProfiles.AnyAsync(p => p.Key == a.Key, ct)) continue;
            var settings = $$"""{"accuracy":{{a.Accuracy}},"minLatencyMs":300,"maxLatencyMs":2500,"tokens":{{a.Tokens}},"seed":{{a.Key.Length * 97}},"degrade":0}""";
            db.AgentProfiles.Add(AgentProfile.Create(a.Key, a.Name, AgentKind.Simulated, "simulated", "1.0", 0.002m, 0.01m, 4, now, settingsJson: settings));
        }
        if (!await db.AgentProfiles.AnyAsync(p => p.Key == DocumentCheckWorkflow.Agent, ct))
            db.AgentProfiles.Add(AgentProfile.Create(DocumentCheckWorkflow.Agent, "External document checker", AgentKind.ExternalPull, "external", "1.0", 0.01m, 0m, 20, now));
        // Learns intake from what the crew and people decide; the retraining job trains it once there is enough, and
        // promotes a better model by itself. An orchestrator lets it work the step from the board when its accuracy is good.
        if (!await db.AgentProfiles.AnyAsync(p => p.Key == LearningAgentKey, ct))
            db.AgentProfiles.Add(AgentProfile.Create(LearningAgentKey, "Triage learner", AgentKind.Learning, "ml.net", "untrained", 0.0005m, 0m, 8, now,
                settingsJson: $$"""{"steps":["{{AutoClaimsWorkflow.Key}}/intake"],"minPerClass":3,"heldOutShare":0.3,"autoPromote":true,"promotionMargin":0.02}"""));
    }

    public const string LearningAgentKey = "learn-triage";

    private static async Task EnsureWorkflowsAsync(OrchestratorDbContext db, DateTime now, CancellationToken ct)
    {
        await EnsureWorkflowAsync(db, AutoClaimsWorkflow.Key, AutoClaimsWorkflow.Name, "First notice of loss to settlement and customer letter.",
            AutoClaimsWorkflow.Steps(), AutoClaimsWorkflow.OutcomePrice, now, ct);
        await EnsureWorkflowAsync(db, DocumentCheckWorkflow.Key, DocumentCheckWorkflow.Name, "One step, worked by an external agent through the pull API.",
            DocumentCheckWorkflow.Steps(), DocumentCheckWorkflow.OutcomePrice, now, ct);
    }

    private static async Task EnsureWorkflowAsync(OrchestratorDbContext db, string key, string name, string description,
        IReadOnlyList<StepDefinition> steps, decimal price, DateTime now, CancellationToken ct)
    {
        if (await db.Workflows.AnyAsync(w => w.Key == key, ct)) return;
        var workflow = Workflow.Create(key, name, description, now);
        var version = WorkflowVersion.Draft(workflow, 1, steps, price, "demo", now);
        version.Publish("demo", now);
        db.Workflows.Add(workflow);
        db.WorkflowVersions.Add(version);
        db.Record(now, Actor.System, "workflow.published", "workflow", workflow.Key, after: new { version.Number });
    }

    private async Task EnsureApiKeyAsync(OrchestratorDbContext db, DateTime now, CancellationToken ct)
    {
        await EnsureKeyAsync(db, options.ApiKey, "Demo key (documented in the README)", "cases", null, now, ct);
        await EnsureKeyAsync(db, options.WorkerApiKey, "Demo external worker (documented in the README)", "tasks", DocumentCheckWorkflow.Agent, now, ct);
    }

    private static async Task EnsureKeyAsync(OrchestratorDbContext db, string secret, string name, string scopes, string? agent, DateTime now, CancellationToken ct)
    {
        var hash = ApiKey.HashSecret(secret);
        if (await db.ApiKeys.AnyAsync(k => k.Hash == hash, ct)) return;
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.NewGuid(), Name = name, Prefix = secret[..10], Hash = hash, Scopes = scopes, AgentProfileKey = agent, CreatedAt = now, CreatedBy = "demo",
        });
    }
}
