namespace Orchestrator.Infrastructure.Alerts;

public enum AlertKind { SlaBreach, Quality, Model }

/// <summary>Something an orchestrator should look at now. One open alert per step and kind; acknowledging closes it.</summary>
public sealed class Alert
{
    public long Id { get; set; }
    public AlertKind Kind { get; set; }
    public string WorkflowKey { get; set; } = "";
    public string StepKey { get; set; } = "";
    public string Message { get; set; } = "";
    public int Count { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
}
