using Orchestrator.Domain.Tasks;
using Orchestrator.Web.Features.Tasks;

namespace Orchestrator.Web.Tests.Features.Tasks;

public class TaskActionsTests : MudTestContext
{
    [Fact]
    public void HeldByOther_ShowsWhoHoldsIt_AndNoActions()
    {
        var cut = Render<TaskActions>(p => p
            .Add(x => x.Status, WorkTaskStatus.Claimed).Add(x => x.Mine, false).Add(x => x.HeldBy, "Ben"));

        Assert.Contains("Ben holds this task", cut.Find("[data-testid='held-by-other']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='complete']"));
        Assert.Empty(cut.FindAll("[data-testid='release']"));
        Assert.Empty(cut.FindAll("[data-testid='claim-here']"));
    }

    [Fact]
    public void Mine_ShowsCompleteReleaseEscalate()
    {
        var cut = Render<TaskActions>(p => p.Add(x => x.Status, WorkTaskStatus.Claimed).Add(x => x.Mine, true).Add(x => x.HeldBy, "Ana"));

        Assert.Single(cut.FindAll("[data-testid='complete']"));
        Assert.Single(cut.FindAll("[data-testid='release']"));
        Assert.Single(cut.FindAll("[data-testid='escalate']"));
        Assert.Empty(cut.FindAll("[data-testid='held-by-other']"));
    }

    [Fact]
    public void Mine_Complete_InvokesOnComplete()
    {
        var completed = 0;
        var cut = Render<TaskActions>(p => p.Add(x => x.Status, WorkTaskStatus.Claimed).Add(x => x.Mine, true)
            .Add(x => x.OnComplete, () => completed++));

        cut.Find("[data-testid='complete']").Click();

        Assert.Equal(1, completed);
    }

    [Fact]
    public void Mine_ButtonsDisabled_WhenBusy()
    {
        var cut = Render<TaskActions>(p => p.Add(x => x.Status, WorkTaskStatus.Claimed).Add(x => x.Mine, true).Add(x => x.Busy, true));

        Assert.True(cut.Find("[data-testid='complete']").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid='escalate']").HasAttribute("disabled"));
    }

    [Fact]
    public void Claimable_ShowsClaimHere_WhichInvokesOnClaim()
    {
        var claimed = 0;
        var cut = Render<TaskActions>(p => p.Add(x => x.Status, WorkTaskStatus.Queued).Add(x => x.Claimable, true)
            .Add(x => x.OnClaim, () => claimed++));

        cut.Find("[data-testid='claim-here']").Click();

        Assert.Equal(1, claimed);
        Assert.Empty(cut.FindAll("[data-testid='complete']"));
    }
}
