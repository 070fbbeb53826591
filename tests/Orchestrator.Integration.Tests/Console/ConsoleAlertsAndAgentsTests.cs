using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Agents;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.ConsoleOps;

public sealed class ConsoleAlertsAndAgentsTests
{
    [Fact]
    public async Task SlaBreach_RaisesOneAlertPerStep_KeepsItsCount_AndAcknowledgeClosesIt()
    {
        await using var host = await ConsoleHost.StartAsync();
        var late = new[] { await host.OpenAsync(ConsoleHost.HumanWorkflow), await host.OpenAsync(ConsoleHost.HumanWorkflow) };
        await host.OpenAsync(ConsoleHost.HumanWorkflow); // on time
        await MakeLateAsync(host, late[0].Id);
        var alerts = host.Get<AlertService>();

        Assert.Equal(1, await alerts.RaiseSlaBreachesAsync());
        var open = Assert.Single(await alerts.OpenAsync());
        Assert.Equal(1, open.Count);
        Assert.Equal(ConsoleHost.Step, open.StepKey);

        await MakeLateAsync(host, late[1].Id);
        await alerts.RaiseSlaBreachesAsync();
        open = Assert.Single(await alerts.OpenAsync());
        Assert.Equal(2, open.Count);
        Assert.Contains("2 open tasks are past their SLA", open.Message);

        var ack = await alerts.AcknowledgeAsync(ConsoleHost.Orchestrator, open.Id);
        Assert.True(ack.Succeeded);
        Assert.Empty(await alerts.OpenAsync());
        Assert.Equal(0, await alerts.RaiseSlaBreachesAsync()); // nothing newly late since the acknowledgement
        Assert.Equal(WorkOutcome.Conflict, (await alerts.AcknowledgeAsync(ConsoleHost.Orchestrator, open.Id)).Outcome);
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "alert.acknowledged")));
    }

    [Fact]
    public async Task SaveAgentProfile_CreatesAndEdits_AndNamesBadFields()
    {
        await using var host = await ConsoleHost.StartAsync();
        var save = host.Get<SaveAgentProfile>();
        var input = new AgentProfileInput("http-bot", "HTTP bot", AgentKind.Http, "m", "1", "https://agents.example/run", 0.01m, 0m, 3, 500, "{}");

        var noEndpoint = await save.HandleAsync(ConsoleHost.Orchestrator, input with { Endpoint = null }, create: true);
        Assert.Equal(WorkOutcome.Invalid, noEndpoint.Outcome);
        Assert.Contains(noEndpoint.Errors!, e => e.Field == "endpoint");
        var badSettings = await save.HandleAsync(ConsoleHost.Orchestrator, input with { SettingsJson = "{not json" }, create: true);
        Assert.Contains(badSettings.Errors!, e => e.Field == "settingsJson");

        Assert.True((await save.HandleAsync(ConsoleHost.Orchestrator, input, create: true)).Succeeded);
        var duplicate = await save.HandleAsync(ConsoleHost.Orchestrator, input, create: true);
        Assert.Contains(duplicate.Errors!, e => e.Field == "key");

        var edited = await save.HandleAsync(ConsoleHost.Orchestrator, input with { MaxConcurrency = 9, Name = "Renamed" }, create: false);
        Assert.True(edited.Succeeded);
        var stored = await host.WithDbAsync(db => db.AgentProfiles.AsNoTracking().SingleAsync(a => a.Key == "http-bot"));
        Assert.Equal((9, "Renamed"), (stored.MaxConcurrency, stored.Name));
        var tooMany = await save.HandleAsync(ConsoleHost.Orchestrator, input with { MaxConcurrency = 0 }, create: false);
        Assert.Contains(tooMany.Errors!, e => e.Field == "maxConcurrency");
        Assert.Equal(2, await host.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.SubjectId == "http-bot")));
    }

    private static Task MakeLateAsync(ConsoleHost host, Guid taskId) =>
        host.WithDbAsync(db => db.Tasks.Where(t => t.Id == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.SlaDueAt, DateTime.UtcNow.AddMinutes(-5))));
}
