using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Web.Features.Board;

namespace Orchestrator.Web.Tests.Features.Board;

public class AlertListTests : MudTestContext
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static Alert Sla(int i) => new()
    {
        Id = i, Kind = AlertKind.SlaBreach, WorkflowKey = "w", StepKey = $"s{i}", Message = $"{i} open tasks are past their SLA at s{i}.",
        Count = i, RaisedAt = Now, UpdatedAt = Now.AddMinutes(i),
    };

    [Fact]
    public void ManyAlerts_ShowTheFirstFew_QualityFirst_AndTheRestOnDemand()
    {
        var quality = new Alert { Id = 100, Kind = AlertKind.Quality, Message = "Quality of triage fell; it is paused.", RaisedAt = Now, UpdatedAt = Now };
        var alerts = Enumerable.Range(1, 11).Select(Sla).Append(quality).ToList();

        var cut = Render<AlertList>(p => p.Add(x => x.Alerts, alerts).Add(x => x.CanAct, true));

        var shown = cut.FindAll("[data-testid=alert]");
        Assert.Equal(AlertList.Collapsed, shown.Count);
        Assert.Contains("Quality of triage", shown[0].TextContent);
        Assert.Contains("11 open tasks", shown[1].TextContent); // then the most recently changed
        Assert.Contains("(12)", cut.Find("[data-testid=alerts]").TextContent);

        cut.Find("[data-testid=more-alerts]").Click();
        Assert.Equal(12, cut.FindAll("[data-testid=alert]").Count);

        cut.Find("[data-testid=fewer-alerts]").Click();
        Assert.Equal(AlertList.Collapsed, cut.FindAll("[data-testid=alert]").Count);
    }

    [Fact]
    public void FewAlerts_AllShow_WithoutShowMore()
    {
        var cut = Render<AlertList>(p => p.Add(x => x.Alerts, [Sla(1), Sla(2)]));

        Assert.Equal(2, cut.FindAll("[data-testid=alert]").Count);
        Assert.Empty(cut.FindAll("[data-testid=more-alerts]"));
        Assert.Empty(cut.FindAll("[data-testid=ack]")); // managers only look
    }

    [Fact]
    public void Acknowledge_HandsTheAlertsId()
    {
        long? acknowledged = null;
        var cut = Render<AlertList>(p => p.Add(x => x.Alerts, [Sla(1), Sla(7)]).Add(x => x.CanAct, true)
            .Add(x => x.OnAcknowledge, (long id) => acknowledged = id));

        cut.FindAll("[data-testid=ack]")[0].Click();

        Assert.Equal(7, acknowledged);
    }
}
