namespace Orchestrator.Web.Features.Dashboards;

public enum PeriodKind { Day, Week, Month, Quarter, Custom }

/// <summary>The days a dashboard covers (UTC, inclusive): today, the last 7 or 30 days or 12 weeks, or a chosen range.</summary>
public sealed record DashboardPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public static DashboardPeriod Ending(PeriodKind kind, DateOnly today) => kind switch
    {
        PeriodKind.Day => new(kind, today, today),
        PeriodKind.Week => new(kind, today.AddDays(-6), today),
        PeriodKind.Quarter => new(kind, today.AddDays(-83), today),
        _ => new(PeriodKind.Month, today.AddDays(-29), today),
    };

    public static DashboardPeriod Custom(DateOnly from, DateOnly to) =>
        new(PeriodKind.Custom, from, to.DayNumber - from.DayNumber > MaxDays ? from.AddDays(MaxDays) : to);

    public string Query(string workflow) => $"workflow={Uri.EscapeDataString(workflow)}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";
}
