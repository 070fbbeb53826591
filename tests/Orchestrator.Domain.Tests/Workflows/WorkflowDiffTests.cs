using Orchestrator.Domain.Workflows;
using static Orchestrator.Domain.Tests.TestData;

namespace Orchestrator.Domain.Tests.Workflows;

public class WorkflowDiffTests
{
    private static IReadOnlyList<StepDefinition> Edit(Func<List<StepDefinition>, List<StepDefinition>> change) => change(ThreeSteps().ToList());

    private static List<StepDefinition> Replace(List<StepDefinition> steps, string key, Func<StepDefinition, StepDefinition> change)
    {
        var i = steps.FindIndex(s => s.Key == key);
        steps[i] = change(steps[i]);
        return steps;
    }

    [Fact]
    public void Compare_FindsNothing_WhenVersionsAreEqual() => Assert.Empty(WorkflowDiff.Compare(ThreeSteps(), ThreeSteps(), 100m, 100m));

    [Fact]
    public void Compare_NamesAddedAndRemovedSteps()
    {
        var to = Edit(s => { s.RemoveAt(1); s.Add(Step("notify")); return s; });

        var changes = WorkflowDiff.Compare(ThreeSteps(), to);

        Assert.Contains(new WorkflowChange(ChangeKind.Removed, "assess", ""), changes);
        Assert.Contains(new WorkflowChange(ChangeKind.Added, "notify", ""), changes);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Compare_NamesMovedSteps_WithPositions()
    {
        var to = Edit(s => [s[0], s[2], s[1]]);

        var changes = WorkflowDiff.Compare(ThreeSteps(), to);

        Assert.Contains(new WorkflowChange(ChangeKind.Moved, "settle", "position", "3", "2"), changes);
        Assert.Contains(new WorkflowChange(ChangeKind.Moved, "assess", "position", "2", "3"), changes);
        Assert.DoesNotContain(changes, c => c.Step == "intake");
    }

    [Fact]
    public void Compare_NamesPolicyChanges_WithBeforeAndAfter()
    {
        var to = Edit(s => Replace(s, "assess", x => x with
        {
            Staffing = x.Staffing with { Mode = StaffingMode.Hybrid, AgentShare = 60 },
            Quality = x.Quality with { SampleRate = 0.25, Rubric = [new("Accurate", "Payout matches the policy")] },
            SlaMinutes = 30, CostOfError = 500m,
        }));

        var changes = WorkflowDiff.Compare(ThreeSteps(), to).Select(c => c.ToString()).ToList();

        Assert.Contains("step assess, staffing mode: Agent → Hybrid", changes);
        Assert.Contains("step assess, staffing agent share: 0 → 60", changes);
        Assert.Contains("step assess, quality sample rate: 0.1 → 0.25", changes);
        Assert.Contains("step assess, quality rubric Accurate: added", changes);
        Assert.Contains("step assess, sla minutes: 60 → 30", changes);
        Assert.Contains("step assess, cost of error: 0 → 500", changes);
    }

    [Fact]
    public void Compare_MatchesFieldsByKey_AndNamesTheirChanges()
    {
        var to = Edit(s => Replace(s, "assess", x => x with
        {
            Outputs = [Field("payout", FieldType.Money, required: false), Field("decision", FieldType.Choice, true, "approve", "deny")],
        }));

        var changes = WorkflowDiff.Compare(ThreeSteps(), to).Select(c => c.ToString()).ToList();

        Assert.Contains("step assess, outputs approved: removed", changes);
        Assert.Contains("step assess, outputs decision: added", changes);
        Assert.Contains("step assess, outputs payout required: true → false", changes);
        Assert.Equal(3, changes.Count);
    }

    [Fact]
    public void Compare_NamesListAndBranchChanges()
    {
        var branch = new BranchRule { Field = "approved", Targets = new Dictionary<string, string> { ["false"] = BranchRule.End } };
        var to = Edit(s => Replace(s, "intake", x => x with { Skills = ["claims", "fraud"] }));
        to = Replace(to.ToList(), "assess", x => x with { Branch = branch, Staffing = x.Staffing with { AllowedAgents = ["sim-agent", "gpt"] } });

        var changes = WorkflowDiff.Compare(ThreeSteps(), to).Select(c => c.ToString()).ToList();

        Assert.Contains("step intake, skills: Claims → claims, fraud", changes);
        Assert.Contains("step assess, branch: added", changes);
        Assert.Contains("step assess, staffing allowed agents: sim-agent → sim-agent, gpt", changes);
    }

    [Fact]
    public void Compare_NamesOutcomePrice() =>
        Assert.Equal("outcome price: 100 → 120.5", Assert.Single(WorkflowDiff.Compare(ThreeSteps(), ThreeSteps(), 100m, 120.5m)).ToString());

    [Fact]
    public void Humanize_SplitsPathsIntoWords() => Assert.Equal("outputs amount choices", WorkflowDiff.Humanize("outputs[amount].choices"));
}
