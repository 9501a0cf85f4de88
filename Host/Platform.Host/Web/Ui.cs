using System.Globalization;

namespace Platform.Host.Web;

/// <summary>Page text in Greek (the default) or English, by the culture the language switch set (cookie).</summary>
internal static class Ui
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string greek, string english) => English ? english : greek;

    /// <summary>Under an empty required field (MudBlazor's own default says "Required" in English whatever the page's language).</summary>
    public static string RequiredField => T("Συμπληρώστε αυτό το πεδίο.", "Fill in this field.");

    /// <summary>The Greek name of a role, as users know it.</summary>
    public static string Role(string role) => role switch
    {
        Platform.BuildingBlocks.Identity.PlatformRoles.Administrator => T("Διαχειριστής", "Administrator"),
        Platform.BuildingBlocks.Identity.PlatformRoles.CentreHead => T("Υπεύθυνος Κέντρου", "Centre head"),
        Platform.BuildingBlocks.Identity.PlatformRoles.Caseworker => T("Κοινωνικός λειτουργός", "Caseworker"),
        Platform.BuildingBlocks.Identity.PlatformRoles.EntryPointClerk => T("Σημείο εισόδου", "Entry-point clerk"),
        Platform.BuildingBlocks.Identity.PlatformRoles.Scheduler => T("Προγραμματιστής υπενθυμίσεων", "Scheduler"),
        Platform.BuildingBlocks.Identity.PlatformRoles.Supervisor => T("Εποπτεία", "Supervisor"),
        _ => role,
    };
}
