using System.Text.Json.Nodes;
using Orchestrator.E2E.Tests.Infrastructure;
using Orchestrator.E2E.Tests.Pages;

namespace Orchestrator.E2E.Tests.Flows;

/// <summary>Dana builds a workflow in the studio and publishes it; a case opened through the API reaches Ana's queue.</summary>
[Collection(AppCollection.Name)]
public sealed class WorkflowStudioTests(AppFixture app)
{
    [Fact]
    public async Task BuildThreeSteps_Publish_ThenACaseFromTheApi_ReachesAWorkersQueue()
    {
        var key = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        await using var dana = await app.SignInAsync(DemoUsers.Dana);
        var studio = new WorkflowEditorPage(dana.Page);

        await studio.CreateAsync(key, "Expense approval " + key[4..]);
        await studio.AddHumanStepAsync("Check the receipt", "Regulatory", "Auditors expect a person to look.");
        await studio.AddHumanStepAsync("Approve the amount", "HighStakes", "Money leaves the company.");
        await studio.AddHumanStepAsync("Tell the employee", "Relationship", "People want to hear it from a person.");
        await Expect(studio.Steps).ToHaveCountAsync(3);
        await Expect(studio.Problems).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(dana.Page, "studio-editor");
        await studio.PublishAsync(key);

        var (_, opened) = await app.Api.OpenCaseAsync(new JsonObject
        {
            ["workflow"] = key, ["externalId"] = "exp-1", ["priority"] = 100, ["payload"] = new JsonObject { ["amount"] = 42.5 },
        });
        var first = Assert.Single(opened.Tasks);
        Assert.Equal("step-1", first.Step);
        Assert.Equal("Check the receipt", first.StepName);
        Assert.Equal("Human", first.Route);

        await using var ana = await app.SignInAsync(DemoUsers.Ana);
        var queue = new QueuePage(ana.Page);
        await queue.OpenAsync();
        await Expect(queue.ClaimButton(first.Id)).ToBeVisibleAsync();
        await Expect(queue.Row(first.Id)).ToContainTextAsync("Check the receipt");
        await Screenshots.SaveAsync(ana.Page, "studio-case-in-queue");
    }
}
