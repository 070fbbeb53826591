using Orchestrator.Infrastructure.Board;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.ConsoleOps;

/// <summary>The board's live refresh reads only the steps that changed, and then says what a whole snapshot says.</summary>
public sealed class BoardRefreshTests
{
    private const string AnaId = "ana-id";

    [Fact]
    public async Task Refresh_OfTheChangedStep_MatchesAWholeSnapshot()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.AddWorkerAsync(AnaId, "Ana Ruiz", capacity: 10);
        var board = host.Get<BoardQueries>();
        var first = await host.OpenAsync(ConsoleHost.HumanWorkflow);
        await host.OpenAsync(ConsoleHost.HumanWorkflow);
        await host.OpenAsync(ConsoleHost.HybridWorkflow);
        var before = await board.SnapshotAsync();

        Assert.True((await host.Get<ClaimTask>().HandleAsync(AnaId, first.Id)).Succeeded);
        var refreshed = await board.RefreshAsync(before, [(ConsoleHost.HumanWorkflow, ConsoleHost.Step)]);

        var human = Row(refreshed, ConsoleHost.HumanWorkflow);
        Assert.Equal((1, 1), (human.Queued, human.ClaimedByHumans));
        Assert.Equal(1, refreshed.Humans.Single(h => h.UserId == AnaId).Held);
        var whole = await board.SnapshotAsync();
        Assert.Equal(Figures(whole), Figures(refreshed));
        Assert.Equal(whole.Agents, refreshed.Agents);
    }

    [Fact]
    public async Task Refresh_KeepsTheFiguresOfStepsThatDidNotChange_AndRereadsThemWhenTold()
    {
        await using var host = await ConsoleHost.StartAsync();
        var board = host.Get<BoardQueries>();
        await host.OpenAsync(ConsoleHost.HumanWorkflow);
        var before = await board.SnapshotAsync();

        await host.OpenAsync(ConsoleHost.HumanWorkflow);
        var untold = await board.RefreshAsync(before, [(ConsoleHost.HybridWorkflow, ConsoleHost.Step)]);
        var told = await board.RefreshAsync(before, [(ConsoleHost.HumanWorkflow, ConsoleHost.Step)]);

        Assert.Equal(1, Row(untold, ConsoleHost.HumanWorkflow).Queued);
        Assert.Equal(2, Row(told, ConsoleHost.HumanWorkflow).Queued);
    }

    [Fact]
    public async Task Agents_ReadAlone_AreTheSnapshotsAgents()
    {
        await using var host = await ConsoleHost.StartAsync();
        for (var i = 0; i < 4; i++) await host.OpenAsync(ConsoleHost.HybridWorkflow);
        var board = host.Get<BoardQueries>();

        var alone = await board.AgentsAsync();

        Assert.Contains(alone, a => a.Running + a.Queued + a.Completed + a.Escalated > 0);
        Assert.Equal((await board.SnapshotAsync()).Agents, alone);
    }

    private static StepBoardRow Row(BoardSnapshot snapshot, string workflow) => snapshot.Steps.Single(s => s.WorkflowKey == workflow);

    private static List<string> Figures(BoardSnapshot snapshot) => snapshot.Steps
        .Select(s => $"{s.WorkflowKey}/{s.StepKey}: {s.Queued} {s.ClaimedByHumans} {s.RunningOnAgents} {s.Escalated} {s.AtRisk} {s.Breached} {s.OldestWaiting:O} {s.Completed} {s.RecentRouted} {s.RecentToAgents}")
        .ToList();
}
