using Orchestrator.Web.Features.Board;

namespace Orchestrator.Web.Tests.Features.Board;

public class ShareBarTests : MudTestContext
{
    [Fact]
    public void ShareBar_ShowsRealizedAndTarget()
    {
        var cut = Render<ShareBar>(p => p.Add(x => x.Realized, 42.4).Add(x => x.Target, 60));

        var share = cut.Find("[data-testid='share']");
        Assert.Contains("42% / 60%", share.TextContent);
        Assert.Equal("42", share.GetAttribute("data-realized"));
        Assert.Equal("60", share.GetAttribute("data-target"));
    }

    [Fact]
    public void ShareBar_ShowsDash_WhenNothingRealizedYet()
    {
        var cut = Render<ShareBar>(p => p.Add(x => x.Realized, null).Add(x => x.Target, 30));

        Assert.Contains("— / 30%", cut.Find("[data-testid='share']").TextContent);
    }
}
