using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Web.Components.Layout;

namespace Orchestrator.Web.Tests.Components.Layout;

public class NavMenuTests : MudTestContext
{
    private static readonly string[] Sections = ["/my-work", "/queue", "/board", "/workflows", "/agents", "/quality", "/audit", "/quality/golden-sets", "/dashboards", "/admin", "/hangfire"];

    public static TheoryData<string, string[]> LinksPerRole => new()
    {
        { Roles.Worker, ["/my-work", "/queue"] },
        { Roles.Orchestrator, ["/board", "/workflows", "/agents", "/quality", "/audit", "/quality/golden-sets", "/dashboards", "/hangfire"] },
        { Roles.Manager, ["/board", "/quality/golden-sets", "/dashboards"] },
        { Roles.Admin, ["/board", "/workflows", "/agents", "/quality", "/audit", "/quality/golden-sets", "/dashboards", "/admin", "/hangfire"] },
    };

    [Theory]
    [MemberData(nameof(LinksPerRole))]
    public void NavMenu_ShowsOnlyTheRolesSections(string role, string[] expected)
    {
        SignIn("Ana", role);

        var cut = Render<NavMenu>();

        var hrefs = Hrefs(cut);
        foreach (var href in expected) Assert.Contains(href, hrefs);
        foreach (var href in Sections.Except(expected)) Assert.DoesNotContain(href, hrefs);
    }

    [Fact]
    public void NavMenu_ShowsOnlyHome_WhenSignedOut()
    {
        SignIn(null);

        var cut = Render<NavMenu>();

        Assert.Equal(["/"], Hrefs(cut));
    }

    [Fact]
    public void NavMenu_ShowsBothSections_WhenUserHasTwoRoles()
    {
        SignIn("Ana", Roles.Worker, Roles.Manager);

        var cut = Render<NavMenu>();

        Assert.Equal(["/", "/my-work", "/queue", "/board", "/quality/golden-sets", "/dashboards"], Hrefs(cut));
    }

    private static List<string?> Hrefs(IRenderedComponent<NavMenu> cut) =>
        cut.FindAll("a[href]").Select(a => a.GetAttribute("href")).ToList();
}
