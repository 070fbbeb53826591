using Orchestrator.Infrastructure.Persistence;
using Orchestrator.Web.Features.Home;

namespace Orchestrator.Web.Tests.Features.Home;

public class HomePageTests : MudTestContext
{
    private static readonly string[] Cards = ["home-worker", "home-board", "home-workflows", "home-dashboards", "home-admin"];

    public static TheoryData<string, string[]> CardsPerRole => new()
    {
        { Roles.Worker, ["home-worker"] },
        { Roles.Orchestrator, ["home-board", "home-workflows", "home-dashboards"] },
        { Roles.Manager, ["home-board", "home-dashboards"] },
        { Roles.Admin, ["home-board", "home-workflows", "home-dashboards", "home-admin"] },
    };

    [Theory]
    [MemberData(nameof(CardsPerRole))]
    public void HomePage_ShowsTheRolesCards(string role, string[] expected)
    {
        SignIn("Ana", role);

        var cut = Render<HomePage>();

        var shown = cut.FindAll("[data-testid^='home-']").Select(e => e.GetAttribute("data-testid")).ToList();
        Assert.Equal(expected, shown);
        Assert.Empty(Cards.Except(expected).Intersect(shown!));
    }

    [Fact]
    public void HomePage_GreetsTheUserByName()
    {
        SignIn("Ana Lima", Roles.Worker);

        var cut = Render<HomePage>();

        Assert.Contains("Welcome, Ana Lima", cut.Markup);
    }
}
