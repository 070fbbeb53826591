using Orchestrator.Domain.Workflows;

namespace Orchestrator.Infrastructure.Demo;

/// <summary>A one-step demo workflow served by an external agent through the pull API (see the README's curl example).</summary>
public static class DocumentCheckWorkflow
{
    public const string Key = "document-check";
    public const string Name = "Document check";
    public const string Agent = "ext-doc-checker";
    public const decimal OutcomePrice = 2m;

    public static IReadOnlyList<StepDefinition> Steps() =>
    [
        new()
        {
            Key = "verify", Name = "Verify document", Kind = WorkKind.Execution, SlaMinutes = 30, CostOfError = 5m,
            Description = "Check the document is legible and complete.",
            Skills = ["documents"],
            Inputs = [new() { Key = "documentUrl", Label = "Document URL", Type = FieldType.Text }],
            Outputs = [new() { Key = "legible", Label = "Legible", Type = FieldType.YesNo },
                       new() { Key = "pages", Label = "Pages", Type = FieldType.Number },
                       new() { Key = "notes", Label = "Notes", Type = FieldType.Text, Required = false }],
            Staffing = new() { Mode = StaffingMode.Agent, ConfidenceThreshold = 0.6, AllowedAgents = [Agent], Oversight = Oversight.None, SetBy = "demo" },
        },
    ];
}
