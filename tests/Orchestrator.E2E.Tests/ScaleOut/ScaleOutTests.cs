using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.ScaleOut;

/// <summary>Ana on instance A and Ben on instance B work one queue kept in one PostgreSQL database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutCluster cluster)
{
    [Fact]
    public async Task ClaimOnA_LeavesTheQueueOnB_WithinASecond_AndASignInOnAIsHonouredByB()
    {
        var ana = await cluster.SignInAsync(cluster.A, DemoUsers.Ana);
        var ben = await cluster.SignInAsync(cluster.B, DemoUsers.Ben);
        var anaQueue = new QueuePage(ana);
        var benQueue = new QueuePage(ben);
        await Task.WhenAll(anaQueue.OpenAsync(), benQueue.OpenAsync());

        var taskId = await CrossInstance.ClaimLeavesTheOtherQueueWithinASecondAsync(anaQueue, benQueue);
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
