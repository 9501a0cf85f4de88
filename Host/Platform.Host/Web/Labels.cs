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
}
