using MudBlazor;

namespace Platform.Host.Web;

/// <summary>Colours with enough contrast on white (WCAG AA for text), system fonts (nothing fetched from outside).</summary>
internal static class PlatformTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b4f8a",
            Secondary = "#6a1b9a",
            AppbarBackground = "#0b4f8a",
            Error = "#b00020",
            Success = "#1b5e20",
            TextPrimary = "#1a1a1a",
            TextSecondary = "#424242",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Noto Sans", "DejaVu Sans", "Arial", "sans-serif"] },
        },
    };
}
