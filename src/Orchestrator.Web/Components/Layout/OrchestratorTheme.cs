using MudBlazor;

namespace Orchestrator.Web.Components.Layout;

public static class OrchestratorTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#546e7a",
            Tertiary = "#e07a1f",
            AppbarBackground = "#1f4e79",
            Background = "#f5f7fa",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
