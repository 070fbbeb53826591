using System.Text.Json.Nodes;
using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Workflows;

public class WorkflowVersionTests
{
    // ---- Workflow

    [Theory]
    [InlineData("claims")]
    [InlineData("auto-claims-2")]
    [InlineData("ab")]
    public void WorkflowCreate_Accepts_LowercaseKeys(string key)
    {
        var workflow = Workflow.Create(key, "  Claims  ", "desc", Start);

        Assert.Equal(key, workflow.Key);
        Assert.Equal("Claims", workflow.Name);
        Assert.NotEqual(Guid.Empty, workflow.Id);
        Assert.Equal(Start, workflow.CreatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("Claims")]
    [InlineData("1claims")]
    [InlineData("auto claims")]
    [InlineData("auto_claims")]
    public void WorkflowCreate_Fails_WhenKeyInvalid(string key)
    {
        var ex = Invalid(() => Workflow.Create(key, "Claims", "", Start), "workflow.invalid");

        Assert.Equal("key", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void WorkflowCreate_Fails_WhenKeyTooLong() =>
        Invalid(() => Workflow.Create("a" + new string('b', 64), "Claims", "", Start), "workflow.invalid");

    [Fact]
    public void WorkflowCreate_Fails_WhenNameBlank()
    {
        var ex = Invalid(() => Workflow.Create("claims", " ", "", Start), "workflow.invalid");

        Assert.Equal("name", Assert.Single(ex.Errors).Field);
    }

    // ---- Draft and publish

    [Fact]
    public void Draft_StartsAsDraft_WithStepsAndPrice()
    {
        var workflow = NewWorkflow();

        var version = WorkflowVersion.Draft(workflow, 3, ThreeSteps(), 250m, "ann", Start);

        Assert.Equal(VersionStatus.Draft, version.Status);
        Assert.Equal(workflow.Id, version.WorkflowId);
        Assert.Equal(3, version.Number);
        Assert.Equal(250m, version.OutcomePrice);
        Assert.Equal(["intake", "assess", "settle"], version.Steps.Select(s => s.Key));
        Assert.Equal("ann", version.CreatedBy);
        Assert.Null(version.PublishedAt);
    }

    [Fact]
    public void ReplaceSteps_ChangesDraft()
    {
        var version = Draft();

        version.ReplaceSteps([Step("only")], 80m);

        Assert.Equal("only", Assert.Single(version.Steps).Key);
        Assert.Equal(80m, version.OutcomePrice);
    }

    [Fact]
    public void ReplaceSteps_CountsRevisions_AndRemembersWhoSaved()
    {
        var version = Draft();

        version.ReplaceSteps([Step("only")], 80m, "dana", Start.AddHours(1));
        version.ReplaceSteps([Step("only"), Step("two")], 80m, "eli", Start.AddHours(2));

        Assert.Equal(2, version.Revision);
        Assert.Equal("eli", version.UpdatedBy);
        Assert.Equal(Start.AddHours(2), version.UpdatedAt);
    }

    [Fact]
    public void EnsureRevision_Fails_WhenSomeoneSavedSince()
    {
        var version = Draft();
        var opened = version.Revision;
        version.ReplaceSteps([Step("only")], 80m, "eli", Start.AddHours(2));

        var ex = Throws(() => version.EnsureRevision(opened), "version.changed");

        Assert.Contains("eli", ex.Message);
        version.EnsureRevision(version.Revision);
    }

    [Fact]
    public void ReplaceSteps_Fails_WhenPriceNegative()
    {
        var version = Draft();

        var ex = Invalid(() => version.ReplaceSteps([Step("only")], -1m), "workflow.invalid");

        Assert.Equal("outcomePrice", Assert.Single(ex.Errors).Field);
        Assert.Equal(0, version.Revision);
    }

    [Fact]
    public void Publish_MakesVersionPublished()
    {
        var version = Draft();

        version.Publish("ann", Start.AddDays(1));

        Assert.Equal(VersionStatus.Published, version.Status);
        Assert.Equal("ann", version.PublishedBy);
        Assert.Equal(Start.AddDays(1), version.PublishedAt);
    }

    [Fact]
    public void Publish_Fails_WhenStepsInvalid_AndStaysDraft()
    {
        var version = Draft([Step("a"), Step("a")]);

        var ex = Invalid(() => version.Publish("ann", Start), "workflow.invalid");

        Assert.Equal("steps[1].key", Assert.Single(ex.Errors).Field);
        Assert.Equal(VersionStatus.Draft, version.Status);
        Assert.Null(version.PublishedAt);
    }

    [Fact]
    public void Publish_Fails_WhenNoSteps() => Invalid(() => Draft([]).Publish("ann", Start), "workflow.invalid");

    [Fact]
    public void Publish_Fails_WhenAlreadyPublished()
    {
        var version = Published();

        Throws(() => version.Publish("bob", Start.AddDays(2)), "version.immutable");
        Assert.Equal("orchestrator", version.PublishedBy);
    }

    [Fact]
    public void ReplaceSteps_Fails_WhenPublished()
    {
        var version = Published();

        Throws(() => version.ReplaceSteps([Step("other")], 1m), "version.immutable");
        Assert.Equal(3, version.Steps.Count);
        Assert.Equal(100m, version.OutcomePrice);
    }

    [Fact]
    public void Steps_CannotBeChangedThroughTheSourceList()
    {
        var steps = ThreeSteps().ToList();
        var version = Draft(steps);

        steps.Add(Step("sneaky"));

        Assert.Equal(3, version.Steps.Count);
    }

    // ---- Lookups

    [Fact]
    public void FirstStep_IsTheFirstInOrder() => Assert.Equal("intake", Published().FirstStep.Key);

    [Fact]
    public void FirstStep_Fails_WhenNoSteps() => Throws(() => _ = Draft([]).FirstStep, "workflow.empty");

    [Fact]
    public void Step_FindsByKey_OrFails()
    {
        var version = Published();

        Assert.Equal("assess", version.Step("assess").Key);
        Throws(() => version.Step("nope"), "step.unknown");
    }

    // ---- NextStep

    private static WorkflowVersion Branching(BranchRule branch, FieldType type = FieldType.YesNo, params string[] choices) => Published(
    [
        Step("triage", outputs: [Field("route", type, true, choices)], branch: branch),
        Step("standard"),
        Step("fast"),
        Step("manual"),
    ]);

    [Fact]
    public void NextStep_IsNextInOrder_WithoutBranch()
    {
        var version = Published();

        Assert.Equal("assess", version.NextStep("intake", new JsonObject())!.Key);
        Assert.Equal("settle", version.NextStep("assess", new JsonObject())!.Key);
    }

    [Fact]
    public void NextStep_IsNull_AfterLastStep() => Assert.Null(Published().NextStep("settle", new JsonObject()));

    [Fact]
    public void NextStep_Fails_ForUnknownStep() => Throws(() => Published().NextStep("ghost", new JsonObject()), "step.unknown");

    [Theory]
    [InlineData(true, "fast")]
    [InlineData(false, "manual")]
    public void NextStep_FollowsYesNoBranch_ByTrueAndFalse(bool value, string expected)
    {
        var version = Branching(new BranchRule { Field = "route", Targets = new Dictionary<string, string> { ["true"] = "fast", ["false"] = "manual" } });

        Assert.Equal(expected, version.NextStep("triage", new JsonObject { ["route"] = value })!.Key);
    }

    [Fact]
    public void NextStep_FollowsChoiceBranch_ToTarget()
    {
        var branch = new BranchRule { Field = "route", Targets = new Dictionary<string, string> { ["express"] = "fast" } };
        var version = Branching(branch, FieldType.Choice, "express", "normal");

        Assert.Equal("fast", version.NextStep("triage", new JsonObject { ["route"] = "express" })!.Key);
    }

    [Fact]
    public void NextStep_FollowsNumberBranch_ByJsonText()
    {
        var branch = new BranchRule { Field = "route", Targets = new Dictionary<string, string> { ["3"] = "manual" } };
        var version = Branching(branch, FieldType.Number);

        Assert.Equal("manual", version.NextStep("triage", JsonNode.Parse("""{"route":3}""")!.AsObject())!.Key);
    }

    [Fact]
    public void NextStep_EndsCase_WhenBranchTargetIsEnd()
    {
        var version = Branching(new BranchRule { Field = "route", Targets = new Dictionary<string, string> { ["false"] = BranchRule.End, ["true"] = "fast" } });

        Assert.Null(version.NextStep("triage", new JsonObject { ["route"] = false }));
    }

    [Fact]
    public void NextStep_UsesDefault_WhenNoTargetMatches()
    {
        var targets = new Dictionary<string, string> { ["express"] = "fast", ["careful"] = "standard" };
        var version = Branching(new BranchRule { Field = "route", Targets = targets, Default = "manual" }, FieldType.Choice, "express", "careful", "normal");

        Assert.Equal("manual", version.NextStep("triage", new JsonObject { ["route"] = "normal" })!.Key);
        Assert.Equal("manual", version.NextStep("triage", new JsonObject())!.Key);
        Assert.Equal("manual", version.NextStep("triage", new JsonObject { ["route"] = null })!.Key);
    }

    [Fact]
    public void NextStep_EndsCase_WhenDefaultIsEnd()
    {
        var branch = new BranchRule { Field = "route", Targets = new Dictionary<string, string> { ["express"] = "fast" }, Default = BranchRule.End };
        var version = Published(
        [
            Step("triage", outputs: [Field("route", FieldType.Choice, true, "express", "normal")], branch: branch),
            Step("fast"),
        ]);

        Assert.Null(version.NextStep("triage", new JsonObject { ["route"] = "normal" }));
    }

    [Fact]
    public void NextStep_FallsThroughToNextInOrder_WhenNoTargetMatchesAndNoDefault()
    {
        var branch = new BranchRule { Field = "route", Targets = new Dictionary<string, string> { ["express"] = "fast" } };
        var version = Branching(branch, FieldType.Choice, "express", "normal");

        Assert.Equal("standard", version.NextStep("triage", new JsonObject { ["route"] = "normal" })!.Key);
    }
}
