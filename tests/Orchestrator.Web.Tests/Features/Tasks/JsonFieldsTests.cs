using System.Text.Json.Nodes;
using Orchestrator.Web.Features.Tasks;

namespace Orchestrator.Web.Tests.Features.Tasks;

public class JsonFieldsTests : MudTestContext
{
    [Fact]
    public void Values_ContainingMarkup_RenderAsText()
    {
        var value = new JsonObject
        {
            ["note"] = "<script>alert(1)</script>",
            ["<img src=x onerror=alert(1)>"] = "<img src=x onerror=alert(1)>",
        };

        var cut = Render<JsonFields>(p => p.Add(x => x.Value, value));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup);
        Assert.Contains("<script>alert(1)</script>", cut.Find("table").TextContent);
    }

    [Fact]
    public void Values_ShowYesNoAndNumbers()
    {
        var value = new JsonObject { ["approved"] = true, ["rejected"] = false, ["amount"] = 12.5m, ["missing"] = null };

        var cut = Render<JsonFields>(p => p.Add(x => x.Value, value));

        var cells = cut.FindAll("td.case-field-value").Select(c => c.TextContent).ToList();
        Assert.Equal(["yes", "no", "12.5", "—"], cells);
    }

    [Fact]
    public void Empty_ShowsTheEmptyText()
    {
        var cut = Render<JsonFields>(p => p.Add(x => x.Value, new JsonObject()).Add(x => x.Empty, "No draft yet."));

        Assert.Contains("No draft yet.", cut.Markup);
        Assert.Empty(cut.FindAll("table"));
    }
}
