using Orchestrator.Web.Components.Shared;

namespace Orchestrator.Web.Tests.Components.Shared;

public class EmptyStateTests : MudTestContext
{
    [Fact]
    public void EmptyState_RendersTitleAndContent()
    {
        var cut = Render<EmptyState>(p => p.Add(x => x.Title, "Nothing to claim")
            .AddChildContent("New tasks appear here as soon as they are routed to people."));

        var text = cut.Find("[data-testid='empty-state']").TextContent;
        Assert.Contains("Nothing to claim", text);
        Assert.Contains("New tasks appear here as soon as they are routed to people.", text);
    }
}
