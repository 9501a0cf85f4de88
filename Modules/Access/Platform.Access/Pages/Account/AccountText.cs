using Platform.BuildingBlocks.Localization;

namespace Platform.Access.Pages.Account;

internal static class AccountText
{
    public static string T(string greek, string english) => new Bilingual(greek, english).ToString();

    /// <summary>A return address inside the Platform only (never an open redirect).</summary>
    public static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/";
}
