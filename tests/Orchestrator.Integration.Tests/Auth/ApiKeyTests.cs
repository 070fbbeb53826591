using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Security;
using Orchestrator.Integration.Tests.Web;

namespace Orchestrator.Integration.Tests.Auth;

/// <summary>Keys an admin issues: stored as a hash, scoped, expiring, revocable, with a cheaply kept last-used time.</summary>
[Collection(WebCollection.Name)]
public sealed class ApiKeyTests(OrchestratorAppFixture app)
{
    private static readonly Actor Fay = Actor.User("admin-test", "Fay");

    private ApiKeys Keys => app.Services.GetRequiredService<ApiKeys>();

    private HttpClient Client(string secret) => app.ApiClient(secret);

    private async Task<IssuedKey> IssueAsync(string scope = "cases", string? agent = null, int? days = 30)
    {
        var issued = await Keys.IssueAsync(Fay, "it " + Guid.NewGuid().ToString("N")[..6], [scope], agent, days);
        Assert.True(issued.Succeeded, issued.Message);
        return issued.Value!;
    }

    private Task<ApiKey> StoredAsync(Guid id) => app.WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id));

    [Fact]
    public async Task IssuedKey_IsStoredAsItsHashOnly_AndWorksUntilRevoked()
    {
        var issued = await IssueAsync();

        var stored = await StoredAsync(issued.Key.Id);
        Assert.StartsWith(ApiKey.SecretPrefix, issued.Secret);
        Assert.Equal(ApiKey.HashSecret(issued.Secret), stored.Hash);
        Assert.DoesNotContain(issued.Secret, string.Join("|", stored.Name, stored.Prefix, stored.Hash, stored.Scopes));
        Assert.Equal(HttpStatusCode.OK, (await Client(issued.Secret).GetAsync("/api/v1/workflows")).StatusCode);

        Assert.True((await Keys.RevokeAsync(Fay, issued.Key.Id)).Succeeded);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(issued.Secret).GetAsync("/api/v1/workflows")).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEvents.Where(e => e.SubjectId == issued.Key.Id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["apikey.issued", "apikey.revoked"], actions.Order());
    }

    [Fact]
    public async Task ExpiredKey_IsRefused()
    {
        var issued = await IssueAsync(days: 1);
        Assert.Equal(HttpStatusCode.OK, (await Client(issued.Secret).GetAsync("/api/v1/workflows")).StatusCode);

        await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == issued.Key.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(issued.Secret).GetAsync("/api/v1/workflows")).StatusCode);
    }

    [Fact]
    public async Task LastUsed_IsWrittenOnFirstUse_ThenAtMostOnceAMinute()
    {
        var issued = await IssueAsync();
        Assert.Null((await StoredAsync(issued.Key.Id)).LastUsedAt);
        var client = Client(issued.Secret);

        await client.GetAsync("/api/v1/workflows");
        var first = (await StoredAsync(issued.Key.Id)).LastUsedAt;
        await client.GetAsync("/api/v1/workflows");
        var second = (await StoredAsync(issued.Key.Id)).LastUsedAt;

        Assert.NotNull(first);
        Assert.Equal(first, second);

        var earlier = first!.Value.AddMinutes(-2);
        await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == issued.Key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, earlier)));
        await client.GetAsync("/api/v1/workflows");
        Assert.True((await StoredAsync(issued.Key.Id)).LastUsedAt > first);
    }

    [Fact]
    public async Task CasesKey_CannotPullTasks_AndTasksKey_CannotOpenCases()
    {
        var cases = await IssueAsync("cases");
        var tasks = await IssueAsync("tasks", agent: "ext-doc-checker");

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(cases.Secret).PostAsync("/api/v1/tasks/activate", JsonContent.Create(new { max = 1 }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(tasks.Secret).GetAsync("/api/v1/workflows")).StatusCode);
    }

    [Theory]
    [InlineData("reports", null, 30, "scopes")]
    [InlineData("tasks", null, 30, "agentProfileKey")]
    [InlineData("tasks", "no-such-agent", 30, "agentProfileKey")]
    [InlineData("cases", null, 0, "expiresInDays")]
    public async Task Issue_NamesTheFieldThatIsWrong(string scope, string? agent, int days, string field)
    {
        var before = await app.WithDbAsync(db => db.ApiKeys.CountAsync());

        var result = await Keys.IssueAsync(Fay, "bad", [scope], agent, days);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors!, e => e.Field == field);
        Assert.Equal(before, await app.WithDbAsync(db => db.ApiKeys.CountAsync()));
    }
}
