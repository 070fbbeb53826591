using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>Ana on instance A and Ben on instance B work one queue kept in one PostgreSQL database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutCluster cluster)
{
    private const string Intake = "Intake and triage";
    private const string Coverage = "Coverage check";

    [Fact]
    public async Task ClaimOnA_LeavesTheQueueOnB_WithinASecond_AndASignInOnAIsHonouredByB()
    {
        var ana = await cluster.SignInAsync(cluster.A, DemoUsers.Ana);
        var ben = await cluster.SignInAsync(cluster.B, DemoUsers.Ben);
        var anaQueue = new QueuePage(ana);
        var benQueue = new QueuePage(ben);
        await Task.WhenAll(anaQueue.OpenAsync(), benQueue.OpenAsync());

        var taskId = Guid.Empty;
        foreach (var id in await anaQueue.WorkStepTaskIdsAsync(Intake, Coverage))
            if (await benQueue.ClaimButton(id).CountAsync() == 1) { taskId = id; break; }
        Assert.True(taskId != Guid.Empty, "No intake or coverage task is in both queues: the instances do not share one database.");

        await ben.EvaluateAsync("() => window.__sameDocument = true");
        await Blazor.WaitForInteractiveAsync(benQueue.ClaimButton(taskId));
        await anaQueue.ClaimAsync(taskId);
        // The claim has committed once A opens the task; from then B has a second.
        await ana.WaitForURLAsync(url => new Uri(url).AbsolutePath == TaskPage.PathOf(taskId), new() { Timeout = 10_000 });
        await Expect(benQueue.ClaimButton(taskId)).ToHaveCountAsync(0, new() { Timeout = 1000 });
        Assert.True(await ben.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Ben's page on B was reloaded.");
        await Screenshots.SaveAsync(ben, "scale-out-queue-on-b-after-claim-on-a");

        // Ana's sign-in cookie came from A; B reads it with the data-protection keys both keep in the database.
        var anaOnB = await ana.Context.NewPageAsync();
        await anaOnB.GotoAsync(new Uri(cluster.B.BaseUrl, MyWorkPage.Path).ToString());
        Assert.Equal(MyWorkPage.Path, new Uri(anaOnB.Url).AbsolutePath);
        await Expect(new MyWorkPage(anaOnB).HeldTask(taskId)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task BothInstances_AreHealthy_OnTheSharedStores()
    {
        using var http = new HttpClient();
        foreach (var server in new[] { cluster.A, cluster.B })
        {
            var health = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "/healthz")))!;
            Assert.Equal("healthy", health["status"]!.GetValue<string>());
            Assert.Contains("PostgreSQL", health["checks"]!["database"]!["detail"]!.GetValue<string>());
            Assert.Equal("ok", health["checks"]!["redis"]!["status"]!.GetValue<string>());
        }
    }
}
