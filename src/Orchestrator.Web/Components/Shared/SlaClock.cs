namespace Orchestrator.Web.Components.Shared;

public static class SlaClock
{
    public static string State(DateTime createdAt, DateTime? dueAt, DateTime now, double atRiskShare)
    {
        if (dueAt is null) return "none";
        if (now >= dueAt) return "breached";
        var total = (dueAt.Value - createdAt).TotalSeconds;
        return total > 0 && (dueAt.Value - now).TotalSeconds < total * atRiskShare ? "at-risk" : "on-time";
    }

    public static string Describe(TimeSpan left)
    {
        var late = left < TimeSpan.Zero;
        var span = late ? -left : left;
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m"
            : $"{Math.Max(0, span.Seconds)}s";
        return late ? $"{text} late" : $"{text} left";
    }

    public static string Age(DateTime since, DateTime now)
    {
        var span = now - since;
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d" : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : $"{Math.Max(0, (int)span.TotalMinutes)}m";
    }
}
