using System.Text.Json.Nodes;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.ConsoleOps;

/// <summary>Reassigning from the orchestrator console against claims and completions by the workers themselves.</summary>
public sealed class ConsoleRebalanceTests
{
    private const string AnaId = "ana-id";
    private const string BenId = "ben-id";

    [Fact]
    public async Task ClaimAndReassign_AtTheSameMoment_ExactlyOneWins_50Times()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.AddWorkerAsync(AnaId, "Ana Ruiz", capacity: 100);
        await host.AddWorkerAsync(BenId, "Ben Okafor", capacity: 100);
        var claim = host.Get<ClaimTask>();
        var reassign = host.Get<ReassignTasks>();
        int claimWins = 0, reassignWins = 0;

        for (var round = 0; round < 50; round++)
        {
            var task = await host.OpenAsync(ConsoleHost.HumanWorkflow);
            Assert.Equal(WorkTaskStatus.Queued, task.Status);
            // What the orchestrator sees on the board when choosing the task: the queued task at its version.
            var seen = new Dictionary<Guid, int> { [task.Id] = task.Version };
            using var barrier = new Barrier(2);
            var claiming = Task.Run(async () =>
            {
                barrier.SignalAndWait(TimeSpan.FromSeconds(10));
                return await claim.HandleAsync(AnaId, task.Id);
            });
            var reassigning = Task.Run(async () =>
            {
                barrier.SignalAndWait(TimeSpan.FromSeconds(10));
                return (await reassign.HandleAsync(ConsoleHost.Orchestrator, [task.Id], new ReassignTarget(ReassignKind.ToHuman, UserId: BenId), seen)).Single();
            });
            var done = Task.WhenAll(claiming, reassigning);
            Assert.True(await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(30))) == done, $"Round {round}: claim and reassign did not finish within 30 s.");
            var claimed = await claiming;
            var reassigned = await reassigning;
            var after = await host.TaskAsync(task.Id);

            Assert.True(claimed.Succeeded ^ reassigned.Succeeded,
                $"Round {round}: exactly one should win, but claim={claimed.Outcome} ({claimed.Message}) and reassign={(reassigned.Succeeded ? "Ok" : reassigned.Message)}.");
            Assert.Equal(WorkTaskStatus.Claimed, after.Status);
            if (claimed.Succeeded)
            {
                claimWins++;
                Assert.Equal(AnaId, after.AssigneeId);
                Assert.False(string.IsNullOrWhiteSpace(reassigned.Message), $"Round {round}: the refused reassignment gave no reason.");
                Assert.Equal("changed", reassigned.Code);
            }
            else
            {
                reassignWins++;
                Assert.Equal(BenId, after.AssigneeId);
                Assert.Equal(WorkOutcome.Conflict, claimed.Outcome);
                Assert.Contains("Ben Okafor", claimed.Message);
            }
        }
        Assert.Equal(50, claimWins + reassignWins);
    }

    [Fact]
    public async Task BulkReassign_To_PersonWithCapacity5_Assigns5_Refuses15()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.AddWorkerAsync(BenId, "Ben Okafor", capacity: 5);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++) ids.Add((await host.OpenAsync(ConsoleHost.HumanWorkflow)).Id);

        var outcomes = await host.Get<ReassignTasks>().HandleAsync(ConsoleHost.Orchestrator, ids, new ReassignTarget(ReassignKind.ToHuman, UserId: BenId));

        Assert.Equal(20, outcomes.Count);
        Assert.Equal(5, outcomes.Count(o => o.Succeeded));
        var refused = outcomes.Where(o => !o.Succeeded).ToList();
        Assert.Equal(15, refused.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal("at-capacity", o.Code);
            Assert.Contains("at capacity", o.Message, StringComparison.OrdinalIgnoreCase);
        });
        var held = await host.WithDbAsync(db => Task.FromResult(db.Tasks.Count(t => t.AssigneeId == BenId && t.Status == WorkTaskStatus.Claimed)));
        Assert.Equal(5, held);
    }

    [Fact]
    public async Task AfterReassign_PreviousHoldersCompleteIsRefused_NewHoldersSucceeds()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.AddWorkerAsync(AnaId, "Ana Ruiz", capacity: 5);
        await host.AddWorkerAsync(BenId, "Ben Okafor", capacity: 5);
        var task = await host.OpenAsync(ConsoleHost.HumanWorkflow);
        var claimed = await host.Get<ClaimTask>().HandleAsync(AnaId, task.Id);
        Assert.True(claimed.Succeeded, claimed.Message);

        var moved = (await host.Get<ReassignTasks>().HandleAsync(ConsoleHost.Orchestrator, [task.Id], new ReassignTarget(ReassignKind.ToHuman, UserId: BenId),
            new Dictionary<Guid, int> { [task.Id] = claimed.Value!.Version })).Single();
        Assert.True(moved.Succeeded, moved.Message);

        var complete = host.Get<CompleteTask>();
        var byAna = await complete.HandleAsync(AnaId, task.Id, new JsonObject { ["answer"] = "Ana's answer" });
        Assert.Equal(WorkOutcome.Conflict, byAna.Outcome);
        Assert.Contains("Ben Okafor", byAna.Message);

        var byBen = await complete.HandleAsync(BenId, task.Id, new JsonObject { ["answer"] = "Ben's answer" });
        Assert.True(byBen.Succeeded, $"{byBen.Outcome}: {byBen.Message}");
        var after = await host.TaskAsync(task.Id);
        Assert.Equal(WorkTaskStatus.Completed, after.Status);
        Assert.Equal(BenId, after.CompletedBy);
    }
}
