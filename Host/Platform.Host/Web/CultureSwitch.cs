using Microsoft.AspNetCore.Localization;

namespace Platform.Host.Web;

/// <summary>The language switch: Greek by default, English on request, remembered in a cookie for a year.</summary>
internal static class CultureSwitch
{
    public static IResult Set(string? culture, string? returnUrl, HttpContext context)
    {
        var chosen = culture is "en" ? "en" : "el-GR";
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        // Only back into the Platform: an absolute or protocol-relative address would be an open redirect.
        var local = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
        return Results.LocalRedirect(local);
    }
}
