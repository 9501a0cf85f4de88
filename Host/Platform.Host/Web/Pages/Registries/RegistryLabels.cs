using Platform.Registries.Domain;

namespace Platform.Host.Web.Pages.Registries;

/// <summary>The registry's kinds and levels as the pages name them (Greek first).</summary>
internal static class RegistryLabels
{
    public static string Kind(BodyKind? kind) => kind switch
    {
        BodyKind.CommunityCentre => Ui.T("Κέντρο Κοινότητας", "Community centre"),
        BodyKind.Annex => Ui.T("Παράρτημα", "Annex"),
        BodyKind.MobileUnit => Ui.T("Κινητή μονάδα", "Mobile unit"),
        BodyKind.SocialGrocery => Ui.T("Κοινωνικό παντοπωλείο", "Social grocery"),
        BodyKind.SoupKitchen => Ui.T("Συσσίτιο", "Soup kitchen"),
        BodyKind.SocialPharmacy => Ui.T("Κοινωνικό φαρμακείο", "Social pharmacy"),
        BodyKind.HomelessDayCentre => Ui.T("Κέντρο ημέρας αστέγων", "Homeless day centre"),
        BodyKind.NightShelter => Ui.T("Υπνωτήριο", "Night shelter"),
        BodyKind.DisabilityDayCareCentre => Ui.T("ΚΔΗΦ", "Disability day-care centre"),
        BodyKind.ElderlyDayCareCentre => Ui.T("ΚΗΦΗ", "Elderly day-care centre"),
        BodyKind.MunicipalSocialService => Ui.T("Κοινωνική υπηρεσία δήμου", "Municipal social service"),
        BodyKind.EmploymentService => Ui.T("Υπηρεσία απασχόλησης", "Employment service"),
        BodyKind.AddictionService => Ui.T("Υπηρεσία εξαρτήσεων", "Addiction service"),
        BodyKind.NonGovernmentalOrganisation => Ui.T("ΜΚΟ", "NGO"),
        BodyKind.OtherPublicService => Ui.T("Άλλη δημόσια υπηρεσία", "Other public service"),
        _ => "",
    };

    public static string Level(ProgrammeLevel? level) => level switch
    {
        ProgrammeLevel.Local => Ui.T("Τοπικό", "Local"),
        ProgrammeLevel.Regional => Ui.T("Περιφερειακό", "Regional"),
        ProgrammeLevel.National => Ui.T("Εθνικό", "National"),
        _ => "",
    };
}
