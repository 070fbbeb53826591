using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Tests.Components.Shared;

public class StableRowsTests
{
    private sealed record Item(int Id, string Text);

    [Fact]
    public void Update_KeepsTheRowOfAKnownKey_WithTheNewItem_AndMakesRowsForNewKeys()
    {
        var rows = new StableRows<int, Item>(i => i.Id);
        var first = rows.Update([new Item(1, "a"), new Item(2, "b")]);

        var second = rows.Update([new Item(2, "b2"), new Item(3, "c")]);

        Assert.Same(first[1], second[0]);
        Assert.Equal("b2", second[0].Value.Text);
        Assert.DoesNotContain(second[1], first);
        Assert.Equal([2, 3], rows.Current.Select(r => r.Value.Id));
    }

    [Fact]
    public void Update_ForgetsRowsThatLeft()
    {
        var rows = new StableRows<int, Item>(i => i.Id);
        var first = rows.Update([new Item(1, "a")]);
        rows.Update([]);

        var again = rows.Update([new Item(1, "a")]);

        Assert.NotSame(first[0], again[0]);
    }
}
