using System.Globalization;
using Platform.BuildingBlocks.Errors;

namespace Platform.Host.Web;

/// <summary>A refused command as a page shows it: the title and each field's message, in the page's language.</summary>
internal static class Problems
{
    public static string Describe(PlatformException ex)
    {
        var culture = CultureInfo.CurrentUICulture;
        return ex is ValidationFailedException invalid
            ? ex.Title.For(culture) + " " + string.Join(" ", invalid.Errors.SelectMany(e => e.Value.Select(m => m.For(culture))))
            : ex.Title.For(culture);
    }

    public static IReadOnlyDictionary<string, string> Fields(PlatformException ex) =>
        ex is ValidationFailedException invalid
            ? invalid.Errors.ToDictionary(e => e.Key, e => string.Join(" ", e.Value.Select(m => m.For(CultureInfo.CurrentUICulture))), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>();
}
