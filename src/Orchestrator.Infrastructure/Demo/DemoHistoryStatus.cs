namespace Orchestrator.Infrastructure.Demo;

public enum DemoHistoryState { Idle, Writing, Done, Failed }

/// <summary>How far this instance is in writing the demo's history, for the pages' banner and the log.</summary>
public sealed class DemoHistoryStatus
{
    private readonly Lock _gate = new();

    public DemoHistoryState State { get; private set; }
    public int Week { get; private set; }
    public int Weeks { get; private set; }
    public int Cases { get; private set; }
    public int TotalCases { get; private set; }
    public string Message { get; private set; } = "";

    /// <summary>Raised after every change, on the writer's thread.</summary>
    public event Action? Changed;

    public double Percent => TotalCases == 0 ? 0 : Math.Round(100.0 * Cases / TotalCases, 1);

    public void Report(DemoHistoryState state, int week, int weeks, int cases, int totalCases, string message)
    {
        lock (_gate) (State, Week, Weeks, Cases, TotalCases, Message) = (state, week, weeks, cases, totalCases, message);
        Changed?.Invoke();
    }
}
