using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Auth;

/// <summary>
/// Every route of the app's route table (pages, minimal APIs, hubs, dashboards) called by every <see cref="Caller"/>,
/// checked against <see cref="AccessMatrix.Rules"/>. The server must refuse: the requests carry no UI at all.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class AuthorizationMatrixTests(OrchestratorAppFixture app)
{
    private const string AgentKey = "ork_demo_external_worker_key";

    /// <summary>JSON that every API handler refuses with 400 (each reads some field as the wrong type), so no call changes data.</summary>
    private const string RefusedBody = """{"workflow":1,"max":"x","leaseSeconds":"x","cost":"x","tokens":"x","error":1}""";

    [Fact]
    public async Task EveryRoute_AdmitsExactlyTheCallersItsRuleNames()
    {
        var routes = RouteTable();
        var missing = routes.Where(r => !AccessMatrix.Rules.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0,
            "These routes have no access rule. Add a line for each to AccessMatrix.Rules (tests/Orchestrator.Integration.Tests/Auth/AccessMatrix.cs):" +
            Environment.NewLine + string.Join(Environment.NewLine, missing.Select(r => $"        [\"{r}\"] = <who may call it>,")));
        var stale = AccessMatrix.Rules.Keys.Where(k => !routes.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "AccessMatrix.Rules names routes the app no longer maps: " + string.Join(", ", stale));

        var callers = await CallersAsync();
        var wrong = new List<string>();
        // Sign-out last: an admitted caller would be signed out for the rows after it.
        foreach (var route in routes.OrderBy(r => r == "POST /account/logout"))
        {
            var expected = AccessMatrix.Rules[route];
            foreach (var (caller, client) in callers)
            {
                var (admitted, status) = await CallAsync(client, route);
                if (status >= 500) wrong.Add($"{route} as {caller}: {status} (server error)");
                else if (admitted != expected.HasFlag(caller))
                    wrong.Add($"{route} as {caller}: {(admitted ? "admitted" : "refused")} ({status}), the rule says {(expected.HasFlag(caller) ? "admit" : "refuse")}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers break the access matrix:{Environment.NewLine}{string.Join(Environment.NewLine, wrong)}");
    }

    /// <summary>"METHOD /pattern" of every endpoint but static web assets.</summary>
    private HashSet<string> RouteTable()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null) continue;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var method = methods.Count == 0 || methods.Contains(HttpMethods.Get) ? HttpMethods.Get : methods[0];
            routes.Add($"{method} {"/" + endpoint.RoutePattern.RawText!.TrimStart('/')}");
        }
        return routes;
    }

    private async Task<List<(Caller, HttpClient)>> CallersAsync()
    {
        // Clients of their own: the shared ones must stay signed in whatever this test does to these.
        var list = new List<(Caller, HttpClient)> { (Caller.Anonymous, app.NewClient()) };
        foreach (var (caller, email) in new[]
                 {
                     (Caller.Worker, PageAccessTests.Worker), (Caller.Orchestrator, PageAccessTests.Orchestrator),
                     (Caller.Manager, PageAccessTests.Manager), (Caller.Admin, PageAccessTests.Admin),
                 })
            list.Add((caller, await app.SignedInClientAsync(email)));
        foreach (var (caller, key) in new[] { (Caller.CasesKey, OrchestratorAppFixture.DemoApiKey), (Caller.AgentKey, AgentKey) })
        {
            var client = app.NewClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            list.Add((caller, client));
        }
        return list;
    }

    /// <summary>Calls the route with generated route values and no body: admitted unless 401, 403 or sent to sign-in/denied.</summary>
    private static async Task<(bool Admitted, int Status)> CallAsync(HttpClient client, string route)
    {
        var space = route.IndexOf(' ');
        var path = Parameter().Replace(route[(space + 1)..], m => m.Value.Contains(":file") ? "no-such-file.txt" : m.Groups["catchall"].Success ? "" : m.Value.Contains(":guid") ? Guid.NewGuid().ToString() : m.Value.Contains(":int") ? "1" : "x");
        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), path);
        if (request.Method == HttpMethod.Post) request.Content = new StringContent(RefusedBody, Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var refused = status is 401 or 403 ||
                      (status == 302 && new Uri(client.BaseAddress!, response.Headers.Location!).AbsolutePath is "/account/login" or "/account/denied");
        return (!refused, status);
    }

    [GeneratedRegex(@"\{(?<catchall>\*\*)?[^}]+\}")]
    private static partial Regex Parameter();
}
