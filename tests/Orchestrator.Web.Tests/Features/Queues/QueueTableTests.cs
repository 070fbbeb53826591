using AngleSharp.Dom;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using Orchestrator.Domain.Tasks;
using Orchestrator.Infrastructure.Work;
using Orchestrator.Web.Features.Queues;

namespace Orchestrator.Web.Tests.Features.Queues;

public class QueueTableTests : MudTestContext
{
    private static readonly DateTime Now = new FakeTimeProvider(new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero)).GetUtcNow().UtcDateTime;

    public QueueTableTests() => Render<MudPopoverProvider>();

    private static QueueItem Item(int priority = 0, WorkTaskStatus status = WorkTaskStatus.Queued, string? reason = null,
        TimeSpan? age = null, TimeSpan? dueIn = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "refunds", "review", "Review refund", TaskKind.Step, status, priority,
            Now - (age ?? TimeSpan.FromHours(1)), dueIn is null ? null : Now + dueIn.Value, status == WorkTaskStatus.Escalated, reason,
            false, null, null, null);

    private IRenderedComponent<QueueTable> RenderTable(IReadOnlyList<QueueItem> items, Action<Guid>? onClaim = null) =>
        Render<QueueTable>(p =>
        {
            p.Add(x => x.Items, items).Add(x => x.Now, Now);
            if (onClaim is not null) p.Add(x => x.OnClaim, onClaim);
        });

    /// <summary>The table row that holds the given task (found through its Claim button).</summary>
    private static IElement Row(IRenderedComponent<QueueTable> cut, QueueItem item) =>
        cut.FindAll("tr").Single(r => r.QuerySelector($"[data-task='{item.Id}']") is not null);

    [Fact]
    public void Table_RendersOneClaimButtonPerItem()
    {
        QueueItem[] items = [Item(), Item(), Item()];

        var cut = RenderTable(items);

        var claims = cut.FindAll("[data-testid='claim']");
        Assert.Equal(items.Select(i => i.Id.ToString()), claims.Select(c => c.GetAttribute("data-task")));
    }

    [Fact]
    public void ALiveReload_KeepsEachTasksRow_AndShowsItsNewFigures()
    {
        QueueItem[] items = [Item(), Item(priority: 1)];
        var cut = RenderTable(items);
        var rowsBefore = cut.FindComponents<MudTr>().Select(r => r.Instance).ToList();

        // A reload reads the same tasks again: new objects, one of them with a new priority.
        cut.Render(p => p.Add(x => x.Items, [items[0] with { }, items[1] with { Priority = 3 }]));

        // Same row components: their elements stay in the page, so a click in flight still finds its Claim button.
        Assert.Equal(rowsBefore, cut.FindComponents<MudTr>().Select(r => r.Instance));
        Assert.Contains("P3", Row(cut, items[1]).TextContent);
    }

    [Fact]
    public void Escalated_ShowsEscalatedWithItsReason()
    {
        var escalated = Item(status: WorkTaskStatus.Escalated, reason: "Agent unsure about the IBAN");
        var queued = Item();

        var cut = RenderTable([queued, escalated]);

        var row = Row(cut, escalated);
        Assert.NotNull(row.QuerySelector("[data-testid='escalated']"));
        Assert.Contains("Agent unsure about the IBAN", row.TextContent);
        Assert.Null(Row(cut, queued).QuerySelector("[data-testid='escalated']"));
        Assert.Single(cut.FindAll("[data-testid='escalated']"));
    }

    [Fact]
    public void Priority_ShowsChip_OnlyWhenAboveZero()
    {
        var urgent = Item(priority: 50);
        var normal = Item();

        var cut = RenderTable([urgent, normal]);

        Assert.Contains("P50", Row(cut, urgent).TextContent);
        Assert.DoesNotContain("P0", Row(cut, normal).TextContent);
        Assert.Contains("normal", Row(cut, normal).TextContent);
    }

    [Theory]
    [InlineData(2.0, -0.5, "breached")]  // due half an hour ago
    [InlineData(10.0, 1.0, "at-risk")]   // 1 h left of 11 h
    [InlineData(1.0, 10.0, "on-time")]   // 10 h left of 11 h
    public void Sla_ShowsItsState(double ageHours, double dueInHours, string expected)
    {
        var item = Item(age: TimeSpan.FromHours(ageHours), dueIn: TimeSpan.FromHours(dueInHours));

        var cut = RenderTable([item]);

        Assert.Equal(expected, Row(cut, item).QuerySelector("[data-sla]")!.GetAttribute("data-sla"));
    }

    [Fact]
    public void Sla_Breached_SaysHowLate()
    {
        var item = Item(age: TimeSpan.FromHours(3), dueIn: TimeSpan.FromMinutes(-90));

        var cut = RenderTable([item]);

        Assert.Contains("1h 30m late", Row(cut, item).QuerySelector("[data-sla]")!.TextContent);
    }

    [Fact]
    public void Claim_InvokesOnClaimWithTheItemsId()
    {
        QueueItem[] items = [Item(), Item(), Item()];
        var claimed = new List<Guid>();
        var cut = RenderTable(items, claimed.Add);

        cut.Find($"[data-testid='claim'][data-task='{items[1].Id}']").Click();

        Assert.Equal([items[1].Id], claimed);
    }

    [Fact]
    public void Claim_IsDisabled_WhileAClaimIsUnderway()
    {
        var item = Item();

        var cut = Render<QueueTable>(p => p.Add(x => x.Items, [item]).Add(x => x.Now, Now).Add(x => x.ClaimingId, item.Id));

        Assert.True(cut.Find("[data-testid='claim']").HasAttribute("disabled"));
    }
}
