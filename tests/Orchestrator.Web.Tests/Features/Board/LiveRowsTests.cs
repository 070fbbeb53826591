using Orchestrator.Domain.Workflows;
using Orchestrator.Domain.Workforce;
using Orchestrator.Infrastructure.Board;
using Orchestrator.Web.Features.Board;

namespace Orchestrator.Web.Tests.Features.Board;

/// <summary>A live update hands the board new rows: rows whose figures did not change are not rendered again.</summary>
public class LiveRowsTests : MudTestContext
{
    private static readonly DateTime Now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    private static StepBoardRow Step(int queued) => new("auto-claims", "triage", "Triage", WorkKind.Connective,
        new StaffingPolicy { Mode = StaffingMode.Hybrid, AgentShare = 80, AllowedAgents = ["bot"] },
        queued, 1, 2, 0, 0, 0, Now.AddMinutes(-5), 3, 2, 10, 8, 100, 79);

    [Fact]
    public void StepCells_RenderAgain_OnlyWhenWhatTheyShowChanged()
    {
        var cut = Render<StepBoardCells>(p => p.Add(x => x.Row, Step(12)).Add(x => x.Now, Now));
        var renders = cut.RenderCount; // this component's renders and its children's

        // A new row with the same figures and a new (equal) policy: nothing to show, nothing rendered.
        cut.Render(p => p.Add(x => x.Row, Step(12)).Add(x => x.Now, Now));
        Assert.Equal(renders, cut.RenderCount);

        cut.Render(p => p.Add(x => x.Row, Step(11)).Add(x => x.Now, Now));
        Assert.True(cut.RenderCount > renders);
        renders = cut.RenderCount;
        Assert.Equal("11", cut.Find("[data-col='queued']").TextContent.Trim());

        // The clock alone moves the oldest waiting task's age.
        cut.Render(p => p.Add(x => x.Row, Step(11)).Add(x => x.Now, Now.AddMinutes(10)));
        Assert.True(cut.RenderCount > renders);
        Assert.Contains("15", cut.Markup);
    }

    [Fact]
    public void HumanRow_RendersAgain_OnlyWhenThePersonsFiguresChanged()
    {
        HumanLoad Ana(int held) => new("ana", "Ana Ruiz", held, 5, Availability.Available, false, false, "claims");
        var cut = Render<HumanLoadRow>(p => p.Add(x => x.Human, Ana(2)));
        var renders = cut.RenderCount;

        cut.Render(p => p.Add(x => x.Human, Ana(2)));
        Assert.Equal(renders, cut.RenderCount);

        cut.Render(p => p.Add(x => x.Human, Ana(3)));
        Assert.True(cut.RenderCount > renders);
        Assert.Contains("3 of 5", cut.Markup);
    }

    [Fact]
    public void HumanRow_SpacesTheSkills_SoALongListWraps()
    {
        var cut = Render<HumanLoadRow>(p => p.Add(x => x.Human,
            new HumanLoad("sim", "Sim Adeyemi", 0, 2, Availability.Available, false, true, "claims,documents, fraud,,review")));

        Assert.Equal("claims, documents, fraud, review", cut.FindAll("td")[^1].TextContent.Trim());
    }

    [Fact]
    public void People_ComeAPageAtATime()
    {
        Render<MudBlazor.MudPopoverProvider>();
        var people = Enumerable.Range(1, HumanWorkforce.PageSize + 5)
            .Select(i => new HumanLoad($"u{i:D3}", $"Person {i:D3}", 0, 5, Availability.Available, false, false, "claims")).ToList();

        var cut = Render<HumanWorkforce>(p => p.Add(x => x.Humans, people));

        Assert.Equal(HumanWorkforce.PageSize, cut.FindAll("[data-testid=humans] tbody tr").Count);
        Assert.Contains($"{people.Count} people", cut.Find("[data-testid=humans-count]").TextContent);
        cut.FindAll("[data-testid=humans-pages] button").Single(b => b.TextContent.Trim() == "2").Click();
        Assert.Equal(["Person 026", "Person 027", "Person 028", "Person 029", "Person 030"],
            cut.FindAll("[data-testid=humans] tbody tr td:first-child").Select(td => td.TextContent.Trim()));
    }
}
