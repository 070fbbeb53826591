using System.Text.Json.Nodes;
using Orchestrator.Domain.Agents;
using Orchestrator.Domain.Workflows;
using Orchestrator.Infrastructure.Agents;

namespace Orchestrator.Integration.Tests.Agents;

public sealed class JudgeAnswerTests
{
    private static readonly StepDefinition Step = new()
    {
        Key = "check", Name = "Check",
        Outputs = [new() { Key = "approved", Type = FieldType.YesNo }],
        Staffing = new() { Mode = StaffingMode.Agent, ConfidenceThreshold = 0.8, AllowedAgents = ["a"] },
    };

    private static AgentAnswer Answer(double confidence) => new(new JsonObject { ["approved"] = true }, confidence, 100, null);

    [Theory]
    [InlineData(0.62, "Agent confidence 0.62 is under the step's threshold 0.80.")]
    [InlineData(0.7951, "Agent confidence 0.7951 is under the step's threshold 0.80.")]
    [InlineData(0.79999, "Agent confidence 0.7999 is under the step's threshold 0.80.")]
    public void A_confidence_under_the_threshold_escalates_and_the_reason_shows_enough_decimals(double confidence, string reason) =>
        Assert.Equal(reason, FinishAgentRun.Judge(Step, Answer(confidence)));

    [Fact]
    public void A_confident_valid_answer_stands() => Assert.Null(FinishAgentRun.Judge(Step, Answer(0.8)));
}
