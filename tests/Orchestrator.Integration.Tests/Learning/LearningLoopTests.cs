using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Learning;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;
using Orchestrator.Infrastructure.Alerts;
using Orchestrator.Infrastructure.Audit;
using Orchestrator.Infrastructure.Demo;
using Orchestrator.Infrastructure.Learning;
using Orchestrator.Infrastructure.Work;

namespace Orchestrator.Integration.Tests.Learning;

public sealed class LearningLoopTests
{
    private static readonly Actor Dana = Actor.User("dana", "Dana");

    private static Task<TrainingReport> RetrainAsync(LearningHost host) =>
        host.Get<TrainStepModel>().HandleAsync(Actor.System, LearningHost.Agent, AutoClaimsWorkflow.Key, "intake");

    [Fact]
    public async Task FirstModel_IsStoredPromotedAndAnswers_AndARestartPredictsTheSame()
    {
        await using var host = await LearningHost.StartAsync();
        await host.AddHumanDecisionsAsync(SyntheticClaims.Triage(500, seed: 21));

        var report = await RetrainAsync(host);

        Assert.True(report.Trained, report.Message);
        Assert.True(report.Promoted);
        var version = await host.QueryAsync(db => db.ModelVersions.SingleAsync());
        Assert.Equal(ModelVersionStatus.Champion, version.Status);
        Assert.Equal(1, version.Number);
        Assert.InRange(version.TrainingSize, 300, 400);
        Assert.True(version.DataTo > version.DataFrom);
        Assert.True(File.Exists(Path.Combine(host.Folder, "models", version.ModelPath, "claimType.zip")));
        var actions = await host.QueryAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync());
        Assert.Contains("model.trained", actions);
        Assert.Contains("model.promoted", actions);

        var probes = SyntheticClaims.Triage(30, seed: 77);
        var before = new List<AgentAnswer>();
        foreach (var p in probes) before.Add(await host.AskAsync(p.Input));
        Assert.All(before, a => Assert.Contains(a.Output["claimType"]!.GetValue<string>(), AutoClaimsWorkflow.ClaimTypes));
        Assert.All(before, a => Assert.InRange(a.Confidence, 0, 1));

        host.Restart();
        for (var i = 0; i < probes.Count; i++)
        {
            var after = await host.AskAsync(probes[i].Input);
            Assert.Equal(before[i].Output.ToJsonString(), after.Output.ToJsonString());
            Assert.Equal(before[i].Confidence, after.Confidence);
        }
    }

    [Fact]
    public async Task Challenger_NotBetterWithConfidence_Waits_ThenAnOrchestratorPromotesIt()
    {
        await using var host = await LearningHost.StartAsync();
        var decisions = SyntheticClaims.Triage(420, seed: 22);
        await host.AddHumanDecisionsAsync(decisions.Take(400));
        Assert.True((await RetrainAsync(host)).Promoted);
        Assert.StartsWith("No labelled examples since v1", (await RetrainAsync(host)).Message);
        await host.AddHumanDecisionsAsync(decisions.Skip(400));

        var again = await RetrainAsync(host);

        Assert.True(again.Trained, again.Message);
        Assert.False(again.Promoted);
        Assert.Contains("does not clear", again.Message);
        var challenger = await host.QueryAsync(db => db.ModelVersions.SingleAsync(v => v.Number == 2));
        Assert.Equal(ModelVersionStatus.Challenger, challenger.Status);

        var promoted = await host.Get<PromoteModelVersion>().HandleAsync(Dana, challenger.Id);

        Assert.True(promoted.Succeeded, promoted.Message);
        var statuses = await host.QueryAsync(db => db.ModelVersions.OrderBy(v => v.Number).Select(v => v.Status).ToListAsync());
        Assert.Equal([ModelVersionStatus.Retired, ModelVersionStatus.Champion], statuses);
        var twice = await host.Get<PromoteModelVersion>().HandleAsync(Dana, challenger.Id);
        Assert.Equal(WorkOutcome.Conflict, twice.Outcome);
    }

    [Fact]
    public async Task Challenger_ClearlyBetter_IsPromotedAutomatically()
    {
        await using var host = await LearningHost.StartAsync("""{"minPerClass":2,"heldOutShare":0.5,"autoPromote":true,"promotionMargin":0.02}""");
        var all = SyntheticClaims.Triage(1200, seed: 23);
        // A first model on about a hundred examples (held-out rows are picked by task id, so half of these), then one on
        // all of them: the second is better by more than the margin, whichever rows the split holds out.
        await host.AddHumanDecisionsAsync(all.Take(200));
        var first = await RetrainAsync(host);
        Assert.True(first.Promoted, first.Message);

        await host.AddHumanDecisionsAsync(all.Skip(200));
        var second = await RetrainAsync(host);

        Assert.True(second.Promoted, second.Message);
        Assert.True(second.Accuracy > first.Accuracy + 0.02, $"{first.Accuracy:P1} → {second.Accuracy:P1}");
        var champion = await host.QueryAsync(db => db.ModelVersions.SingleAsync(v => v.Status == ModelVersionStatus.Champion));
        Assert.Equal(2, champion.Number);
    }

    [Fact]
    public async Task QualityBreach_WithRetrain_TrainsAChallenger_ThatIsPromotedWhenClearlyBetter()
    {
        await using var host = await LearningHost.StartAsync("""{"minPerClass":2,"heldOutShare":0.5,"autoPromote":true,"promotionMargin":0.02}""", BreachAction.Retrain);
        var all = SyntheticClaims.Triage(1200, seed: 23);
        await host.AddHumanDecisionsAsync(all.Take(200));
        Assert.True((await RetrainAsync(host)).Promoted);
        await host.AddHumanDecisionsAsync(all.Skip(200)); // people go on deciding
        await host.AddFailedReviewsAsync(SyntheticClaims.Triage(12, seed: 31), agentVersion: "v1"); // reviewers fail the champion's answers

        var breach = Assert.Single(await host.Get<Orchestrator.Infrastructure.Quality.EvaluateQuality>().StepAsync(AutoClaimsWorkflow.Key, "intake"));

        Assert.Equal(BreachAction.Retrain, breach.Action);
        var job = Assert.Single(host.Jobs);
        Assert.Equal(nameof(RetrainModelsJob.RunAsync), job.Method.Name);
        Assert.Equal([LearningHost.Agent, AutoClaimsWorkflow.Key, "intake", Actor.System.Name], job.Args.Take(4).Cast<string>());
        var report = await host.Get<RetrainModelsJob>().RunAsync(LearningHost.Agent, AutoClaimsWorkflow.Key, "intake", Actor.System.Name, CancellationToken.None);
        Assert.True(report.Trained, report.Message);
        Assert.True(report.Promoted, report.Message);
        var statuses = await host.QueryAsync(db => db.ModelVersions.OrderBy(v => v.Number).Select(v => v.Status).ToListAsync());
        Assert.Equal([ModelVersionStatus.Retired, ModelVersionStatus.Champion], statuses);
        var stored = await host.QueryAsync(db => db.QualityBreaches.SingleAsync());
        Assert.Null(stored.ActionError);
        var audit = await host.QueryAsync(db => db.AuditEvents.OrderBy(a => a.Id).Select(a => new { a.Action, a.Reason, a.Actor }).ToListAsync());
        Assert.Contains(audit, a => a.Action == "quality.breach" && a.Reason!.Contains("Action: Retrain"));
        Assert.Contains(audit, a => a.Action == "model.trained" && a.Actor == Actor.System.Name);
        Assert.Equal("model.promoted", audit[^1].Action);
    }

    [Fact]
    public async Task QualityBreach_WithRetrain_OnAStepNoLearningAgentLearns_SaysWhy()
    {
        await using var host = await LearningHost.StartAsync(onBreach: BreachAction.Retrain);
        await host.QueryAsync(db => db.AgentProfiles.Where(p => p.Key == LearningHost.Agent)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SettingsJson, """{"steps":[]}""")));
        await host.AddFailedReviewsAsync(SyntheticClaims.Triage(12, seed: 32), agentVersion: "v1");

        var breach = Assert.Single(await host.Get<Orchestrator.Infrastructure.Quality.EvaluateQuality>().StepAsync(AutoClaimsWorkflow.Key, "intake"));

        Assert.Empty(host.Jobs);
        var stored = await host.QueryAsync(db => db.QualityBreaches.SingleAsync(b => b.Id == breach.Id));
        Assert.Contains("nothing to retrain", stored.ActionError);
    }

    [Fact]
    public async Task Advisor_AtAStepALearningAgentWorks_UsesItsChampionsHeldOutAccuracy_OnTheAnswersItGivesAtTheThreshold()
    {
        await using var host = await LearningHost.StartAsync();
        await host.AddHumanDecisionsAsync(SyntheticClaims.Triage(400, seed: 26));
        Assert.True((await RetrainAsync(host)).Promoted);
        var champion = await host.QueryAsync(db => db.ModelVersions.SingleAsync());
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        var queries = host.Get<Orchestrator.Infrastructure.Outcomes.OutcomeQueries>();
        var before = (await queries.AdvisorAsync(AutoClaimsWorkflow.Key, today)).Single(a => a.StepKey == "intake");
        Assert.False(before.Advice.Inputs.Accuracy.IsMeasured); // the learner does not work the step yet: no reviews, no measure

        var staffing = host.Intake.Staffing with { AllowedAgents = [LearningHost.Agent] };
        Assert.True((await host.Get<ChangeStaffing>().HandleAsync(Dana, AutoClaimsWorkflow.Key, "intake", staffing)).Succeeded);
        var after = (await queries.AdvisorAsync(AutoClaimsWorkflow.Key, today)).Single(a => a.StepKey == "intake");

        var answered = champion.AnsweredInterval(staffing.ConfidenceThreshold);
        Assert.Equal(answered, after.Advice.Inputs.Accuracy);
        Assert.Equal(1 - answered.Low, after.Advice.Inputs.ErrorProbability, 9);
        // The answers below the threshold go to people: what reaches the outcome is right about as often as the model
        // overall or more (the held-out slice is drawn at random, so on a small slice only within the overall's interval).
        Assert.InRange(answered.Trials, 1, champion.Metrics.Tested - champion.Metrics.CalibrationExamples);
        Assert.True(answered.Value >= champion.AccuracyInterval.Low, $"answered {answered.Value:P1} vs overall {champion.AccuracyInterval.Value:P1} (low {champion.AccuracyInterval.Low:P1})");
        Assert.Contains(after.Notes, n => n.Contains($"champion v{champion.Number}"));
    }

    [Fact]
    public async Task TooLittleData_GivesAClearMessage_AndNoVersion()
    {
        await using var host = await LearningHost.StartAsync();
        await host.AddHumanDecisionsAsync(SyntheticClaims.Triage(25, seed: 24));

        var report = await RetrainAsync(host);

        Assert.False(report.Trained);
        Assert.StartsWith("Not enough labelled data", report.Message);
        Assert.Equal(0, await host.QueryAsync(db => db.ModelVersions.CountAsync()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.Folder, "models")));
        var audit = await host.QueryAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "model.not-trained"));
        Assert.Equal(report.Message, audit.Reason);
    }

    [Fact]
    public async Task CorruptModelFile_OnStart_MarksTheVersionUnusable_RaisesAnAlert_AndSendsTasksToPeople()
    {
        await using var host = await LearningHost.StartAsync();
        await host.AddHumanDecisionsAsync(SyntheticClaims.Triage(300, seed: 25));
        Assert.True((await RetrainAsync(host)).Promoted);
        var version = await host.QueryAsync(db => db.ModelVersions.SingleAsync());
        await File.WriteAllTextAsync(Path.Combine(host.Folder, "models", version.ModelPath, "severity.zip"), "not a model");

        host.Restart();
        var unusable = await host.Get<CheckModelFiles>().CheckAsync();

        Assert.Equal(1, unusable);
        var after = await host.QueryAsync(db => db.ModelVersions.SingleAsync());
        Assert.Equal(ModelVersionStatus.Unusable, after.Status);
        var alert = await host.QueryAsync(db => db.Alerts.SingleAsync(a => a.Kind == AlertKind.Model));
        Assert.Contains("cannot serve", alert.Message);
        var refused = await Assert.ThrowsAsync<AgentAnswerException>(() => host.AskAsync(SyntheticClaims.Triage(1)[0].Input));
        Assert.Contains("no trained model", refused.Message);
    }

    [Fact]
    public async Task Staffing_RejectsALearningAgent_OnAStepWithoutChoiceOrYesNoOutput()
    {
        await using var host = await LearningHost.StartAsync();
        var policy = new StaffingPolicy { Mode = StaffingMode.Agent, AllowedAgents = [LearningHost.Agent], Oversight = Oversight.ReviewAll };

        var result = await host.Get<ChangeStaffing>().HandleAsync(Dana, AutoClaimsWorkflow.Key, "letter", policy);

        Assert.Equal(WorkOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("allowedAgents", error.Field);
        Assert.Contains("learns choice and yes/no outputs, and this step has none", error.Message);
        Assert.True((await host.Get<ChangeStaffing>().HandleAsync(Dana, AutoClaimsWorkflow.Key, "intake", policy)).Succeeded);
    }
}
