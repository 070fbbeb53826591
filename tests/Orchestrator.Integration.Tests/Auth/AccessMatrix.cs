namespace Orchestrator.Integration.Tests.Auth;

/// <summary>Who calls: nobody signed in, each demo role (cookie), and the two kinds of API key.</summary>
[Flags]
public enum Caller
{
    Anonymous = 1,
    Worker = 2,
    Orchestrator = 4,
    Manager = 8,
    Admin = 16,
    /// <summary>An API key with the cases scope (the demo key).</summary>
    CasesKey = 32,
    /// <summary>An API key with the tasks scope, working as one agent profile (the demo external worker).</summary>
    AgentKey = 64,
}

/// <summary>
/// The expected access of every route the app maps: "METHOD /route/pattern" → the callers allowed in; everyone else must
/// be refused (401/403, or a redirect to sign-in or to /account/denied). <see cref="AuthorizationMatrixTests"/> reads the
/// app's own route table, so a route added without a line here fails the test and names the line to add.
/// Static web assets (framework scripts, MudBlazor CSS, files under wwwroot) are public files and not listed.
/// </summary>
public static class AccessMatrix
{
    public const Caller Everyone = Caller.Anonymous | SignedIn | Caller.CasesKey | Caller.AgentKey;
    public const Caller SignedIn = Caller.Worker | Caller.Orchestrator | Caller.Manager | Caller.Admin;
    public const Caller Workers = Caller.Worker;
    public const Caller BoardViewers = Caller.Orchestrator | Caller.Manager | Caller.Admin;
    public const Caller Orchestrators = Caller.Orchestrator | Caller.Admin;
    public const Caller DashboardViewers = Caller.Manager | Caller.Orchestrator | Caller.Admin;
    public const Caller Admins = Caller.Admin;
    public const Caller CasesApi = Caller.CasesKey | Orchestrators;
    public const Caller TasksApi = Caller.AgentKey;

    public static readonly IReadOnlyDictionary<string, Caller> Rules = new Dictionary<string, Caller>
    {
        // pages
        ["GET /"] = SignedIn,
        ["GET /my-work"] = Workers,
        ["GET /queue"] = Workers,
        ["GET /tasks/{Id:guid}"] = Workers,
        ["GET /board"] = BoardViewers,
        ["GET /workflows"] = Orchestrators,
        ["GET /workflows/{Key}"] = Orchestrators,
        ["GET /workflows/{Key}/versions/{Number:int}"] = Orchestrators,
        ["GET /quality"] = Orchestrators,
        ["GET /quality/golden-sets"] = BoardViewers,
        ["GET /models"] = Orchestrators,
        ["GET /agents"] = Orchestrators,
        ["GET /audit"] = Orchestrators,
        ["GET /dashboards"] = DashboardViewers,
        ["GET /admin"] = Admins,
        ["GET /account/login"] = Everyone,
        ["GET /account/denied"] = Everyone,
        ["GET /error"] = Everyone,
        ["GET /not-found"] = Everyone,
        ["POST /account/logout"] = SignedIn,
        ["GET /audit/export.csv"] = Orchestrators,
        ["GET /dashboards/export/{table}.csv"] = DashboardViewers,

        // REST API
        ["POST /api/v1/cases/"] = CasesApi,
        ["GET /api/v1/cases/{id:guid}"] = CasesApi,
        ["GET /api/v1/workflows"] = CasesApi,
        ["GET /api/v1/workflows/{key}/steps/{step}/models"] = CasesApi,
        ["GET /api/v1/workflows/{key}/metrics"] = CasesApi,
        // a key with the "workflows" scope may too; no such key is among the callers here
        ["GET /api/v1/workflows/{key}/yaml"] = Orchestrators,
        ["POST /api/v1/workflows/import"] = Orchestrators,
        ["POST /api/v1/tasks/activate"] = TasksApi,
        ["POST /api/v1/tasks/{id:guid}/complete"] = TasksApi,
        ["POST /api/v1/tasks/{id:guid}/fail"] = TasksApi,
        ["POST /api/v1/tasks/{id:guid}/extend"] = TasksApi,
        ["GET /openapi/{documentName}.json"] = Everyone,
        ["GET /healthz"] = Everyone,

        // live updates, jobs dashboard and the Blazor Server circuit (the circuit checks each page's policy itself)
        ["GET /hubs/live/negotiate"] = SignedIn,
        ["GET /hubs/live"] = SignedIn,
        ["GET /hangfire/{**path}"] = Orchestrators,
        ["GET /_blazor/negotiate"] = Everyone,
        ["GET /_blazor"] = Everyone,
        ["GET /_blazor/disconnect/"] = Everyone,
        ["GET /_blazor/initializers/"] = Everyone,
        ["GET /_framework/opaque-redirect"] = Everyone,
        ["GET /{**path:file}"] = Everyone,
    };
}
