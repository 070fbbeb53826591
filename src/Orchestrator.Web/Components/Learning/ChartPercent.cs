namespace Orchestrator.Web.Components.Learning;

/// <summary>Shares (0–1) as the percentages the charts plot, to one decimal.</summary>
internal static class ChartPercent
{
    public static double[] Of(IEnumerable<double> shares) => shares.Select(v => Math.Round(v * 100, 1)).ToArray();
}
