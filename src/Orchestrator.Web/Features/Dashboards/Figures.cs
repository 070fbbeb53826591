using Orchestrator.Domain.Quality;

namespace Orchestrator.Web.Features.Dashboards;

/// <summary>How the dashboard writes its figures.</summary>
public static class Figures
{
    public static string Minutes(int? minutes) => minutes switch
    {
        null => "—",
        < 60 => $"{minutes} min",
        < 48 * 60 => $"{minutes / 60.0:0.#} h",
        _ => $"{minutes / 1440.0:0.#} d",
    };

    public static string Share(double? share) => share?.ToString("P0") ?? "—";

    public static string Rate(Proportion p) => p.IsMeasured ? p.Value.ToString("P0") : "—";

    public static string Interval(Proportion p) => p.IsMeasured ? $"95% CI {p.Low:P0}–{p.High:P0} · n={p.Trials:N0}" : "nothing measured yet";

    public static string Money(decimal? amount) => amount?.ToString("C2") ?? "—";
}
