using System.Globalization;

namespace Platform.BuildingBlocks.Localization;

/// <summary>
/// A message in Greek and English; the caller's culture (from <c>Accept-Language</c>) picks one.
/// Greek is the default: the Platform speaks Greek first.
/// </summary>
public readonly record struct Bilingual(string Greek, string English)
{
    public string For(CultureInfo culture) =>
        string.Equals(culture.TwoLetterISOLanguageName, "en", StringComparison.OrdinalIgnoreCase) ? English : Greek;

    public override string ToString() => For(CultureInfo.CurrentUICulture);

    public static implicit operator string(Bilingual text) => text.ToString();
}
