namespace Platform.Host.Web;

/// <summary>Greek (and English) names of the Registries' values, as the pages show them.</summary>
internal static class Labels
{
    public static string Category(string value) => value switch
    {
        "Poverty" => Ui.T("Φτώχεια", "Poverty"),
        "LongTermUnemployed" => Ui.T("Μακροχρόνια άνεργος", "Long-term unemployed"),
        "Homeless" => Ui.T("Άστεγος", "Homeless"),
        "MigrantOrRefugee" => Ui.T("Μετανάστης ή πρόσφυγας", "Migrant or refugee"),
        "Roma" => Ui.T("Ρομά", "Roma"),
        "PersonWithDisability" => Ui.T("Άτομο με αναπηρία", "Person with disability"),
        "ElderlyLivingAlone" => Ui.T("Ηλικιωμένος που ζει μόνος", "Elderly living alone"),
        "SingleParentFamily" => Ui.T("Μονογονεϊκή οικογένεια", "Single-parent family"),
        "LargeFamily" => Ui.T("Πολύτεκνη οικογένεια", "Large family"),
        "SubstanceDependence" => Ui.T("Εξάρτηση", "Substance dependence"),
        "DomesticViolenceVictim" => Ui.T("Θύμα ενδοοικογενειακής βίας", "Domestic violence victim"),
        "FormerPrisoner" => Ui.T("Αποφυλακισμένος", "Former prisoner"),
        "UnaccompaniedMinor" => Ui.T("Ασυνόδευτος ανήλικος", "Unaccompanied minor"),
        "ChronicIllness" => Ui.T("Χρόνια πάθηση", "Chronic illness"),
        _ => value,
    };

    public static string BodyKind(string value) => value switch
    {
        "CommunityCentre" => Ui.T("Κέντρο Κοινότητας", "Community centre"),
        "Annex" => Ui.T("Παράρτημα", "Annex"),
        "MobileUnit" => Ui.T("Κινητή μονάδα", "Mobile unit"),
        "SocialGrocery" => Ui.T("Κοινωνικό παντοπωλείο", "Social grocery"),
        "SoupKitchen" => Ui.T("Συσσίτιο", "Soup kitchen"),
        "SocialPharmacy" => Ui.T("Κοινωνικό φαρμακείο", "Social pharmacy"),
        "HomelessDayCentre" => Ui.T("Κέντρο ημέρας αστέγων", "Homeless day centre"),
        "NightShelter" => Ui.T("Υπνωτήριο", "Night shelter"),
        "DisabilityDayCareCentre" => Ui.T("ΚΔΗΦ", "Disability day-care centre"),
        "ElderlyDayCareCentre" => Ui.T("ΚΗΦΗ", "Elderly day-care centre"),
        "MunicipalSocialService" => Ui.T("Κοινωνική υπηρεσία δήμου", "Municipal social service"),
        "EmploymentService" => Ui.T("Υπηρεσία απασχόλησης", "Employment service"),
        "AddictionService" => Ui.T("Υπηρεσία εξαρτήσεων", "Addiction service"),
        "NonGovernmentalOrganisation" => Ui.T("ΜΚΟ", "NGO"),
        "OtherPublicService" => Ui.T("Άλλη δημόσια υπηρεσία", "Other public service"),
        _ => value,
    };

    /// <summary>The municipality's own structures (R10: "another structure of the municipality"), listed apart from other bodies.</summary>
    public static bool IsMunicipalStructure(string kind) => kind is "SocialGrocery" or "SoupKitchen" or "SocialPharmacy" or "HomelessDayCentre"
        or "NightShelter" or "DisabilityDayCareCentre" or "ElderlyDayCareCentre" or "MunicipalSocialService";
}
