using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>The demo's auto-insurance claims workflow: six steps across all three work kinds.</summary>
public static class AutoClaimsWorkflow
{
    public const string Key = "auto-claims";
    public const string Name = "Auto insurance claim";
    public const decimal OutcomePrice = 85m;

    public static readonly string[] ClaimTypes = ["collision", "theft", "glass", "weather", "injury"];
    public static readonly string[] Severities = ["low", "medium", "high"];

    private static FieldDefinition F(string key, string label, FieldType type, bool required = true, params string[] choices) =>
        new() { Key = key, Label = label, Type = type, Required = required, Choices = choices };

    public static IReadOnlyList<StepDefinition> Steps() =>
    [
        new()
        {
            Key = "intake", Name = "Intake and triage", Kind = WorkKind.Connective, SlaMinutes = 60, CostOfError = 40m,
            Description = "Read the first notice of loss, classify the claim and judge its severity.",
            Skills = ["claims"],
            Inputs = [F("policyNumber", "Policy number", FieldType.Text), F("claimantName", "Claimant", FieldType.Text),
                      F("incidentDate", "Incident date", FieldType.Date), F("description", "What happened", FieldType.LongText),
                      F("estimatedAmount", "Estimated amount", FieldType.Money)],
            Outputs = [F("claimType", "Claim type", FieldType.Choice, true, ClaimTypes), F("severity", "Severity", FieldType.Choice, true, Severities)],
            Staffing = new() { Mode = StaffingMode.Hybrid, AgentShare = 70, ConfidenceThreshold = 0.75, AllowedAgents = ["sim-triage"], Oversight = Oversight.Sampled,
                               ApprenticeshipQuota = 10, KeepHumansReason = KeepHumansReason.Apprenticeship, KeepHumansNote = "Triage is where new adjusters learn the book.", SetBy = "demo" },
            Quality = new() { Rubric = [new("Right type", "The claim type matches the loss described."), new("Right severity", "Severity follows the amount and injuries.")],
                              SampleRate = 0.2, MinimumSamples = 5, AccuracyTarget = 0.85, DriftWindow = 25, OnBreach = BreachAction.PauseAgent },
        },
        new()
        {
            Key = "extract", Name = "Document extraction", Kind = WorkKind.Execution, SlaMinutes = 120, CostOfError = 25m,
            Description = "Pull the repair estimate and vehicle year from the attached documents.",
            Skills = ["documents"],
            Outputs = [F("repairEstimate", "Repair estimate", FieldType.Money), F("vehicleYear", "Vehicle year", FieldType.Number),
                       F("documentsComplete", "Documents complete", FieldType.YesNo)],
            Staffing = new() { Mode = StaffingMode.Agent, ConfidenceThreshold = 0.7, AllowedAgents = ["sim-extract"], Oversight = Oversight.Sampled, SetBy = "demo" },
            Quality = new() { Rubric = [new("Figures match", "Amounts and year match the documents.")], SampleRate = 0.1, AccuracyTarget = 0.9 },
        },
        new()
        {
            Key = "coverage", Name = "Coverage check", Kind = WorkKind.Execution, SlaMinutes = 120, CostOfError = 120m,
            Description = "Check the policy covers this loss and find the deductible.",
            Skills = ["claims"],
            Outputs = [F("covered", "Covered", FieldType.YesNo), F("deductible", "Deductible", FieldType.Money)],
            Branch = new() { Field = "covered", Targets = new Dictionary<string, string> { ["false"] = "letter" } },
            Staffing = new() { Mode = StaffingMode.Hybrid, AgentShare = 80, ConfidenceThreshold = 0.8, AllowedAgents = ["sim-coverage"], Oversight = Oversight.Sampled,
                               KeepHumansReason = KeepHumansReason.Regulatory, KeepHumansNote = "The regulator expects a person on a share of coverage calls.", SetBy = "demo" },
            Quality = new() { Rubric = [new("Right call", "Covered matches the policy wording.")], SampleRate = 0.15, AccuracyTarget = 0.95 },
        },
        new()
        {
            Key = "fraud", Name = "Fraud screen", Kind = WorkKind.Judgment, SlaMinutes = 240, CostOfError = 900m,
            Description = "Look for signs of fraud: timing, history, inconsistencies.",
            Skills = ["fraud"],
            Outputs = [F("fraudRisk", "Fraud risk", FieldType.Choice, true, "low", "medium", "high"), F("fraudNotes", "Notes", FieldType.LongText, false)],
            Staffing = new() { Mode = StaffingMode.Hybrid, AgentShare = 50, ConfidenceThreshold = 0.85, AllowedAgents = ["sim-fraud"], Oversight = Oversight.Sampled,
                               KeepHumansReason = KeepHumansReason.HighStakes, KeepHumansNote = "A missed fraud costs far more than the saving.", SetBy = "demo" },
            Quality = new() { Rubric = [new("Right risk", "Risk level matches the evidence.")], SampleRate = 0.25, AccuracyTarget = 0.9 },
        },
        new()
        {
            Key = "settlement", Name = "Settlement decision", Kind = WorkKind.Judgment, SlaMinutes = 480, CostOfError = 2500m,
            Description = "Decide what to pay, within authority.",
            Skills = ["claims", "settlement"],
            Outputs = [F("decision", "Decision", FieldType.Choice, true, "approve", "partial", "deny"), F("amount", "Amount to pay", FieldType.Money)],
            Staffing = StaffingPolicy.AllHuman(KeepHumansReason.HighStakes, "Settlements are final and large; a person decides.") with { SetBy = "demo" },
        },
        new()
        {
            Key = "letter", Name = "Customer letter", Kind = WorkKind.Connective, SlaMinutes = 240, CostOfError = 60m,
            Description = "Write to the customer with the outcome, in our voice.",
            Skills = ["claims"],
            Outputs = [F("letter", "Letter", FieldType.LongText)],
            Staffing = new() { Mode = StaffingMode.Agent, ConfidenceThreshold = 0.6, AllowedAgents = ["sim-letter"], Oversight = Oversight.ReviewAll,
                               KeepHumansReason = KeepHumansReason.Relationship, KeepHumansNote = "Every letter is read by a person before it goes out.", SetBy = "demo" },
            Quality = new() { Rubric = [new("Tone", "Clear, kind, no jargon."), new("Facts", "Amounts and dates are right.")], SampleRate = 1, AccuracyTarget = 0.9 },
        },
    ];
}
