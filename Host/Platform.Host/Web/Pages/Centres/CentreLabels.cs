using System.Globalization;
using Platform.Premises.Domain;
using Platform.Staffing.Domain;
using OwnershipKind = Platform.Premises.Domain.Ownership;
using SpecialtyKind = Platform.Staffing.Domain.Specialty;

namespace Platform.Host.Web.Pages.Centres;

/// <summary>Greek (and English) names of the centre modules' values and rules, as the centre pages show them.</summary>
internal static class CentreLabels
{
    public static string Date(DateOnly? d) => d?.ToString(Ui.English ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The latest year whose report is due: a year's report is filed after the year ends (R23).</summary>
    public static int LastReportYear(TimeProvider clock) => Platform.BuildingBlocks.Time.GreekTime.Today(clock).Year - 1;

    public static string Number(long n) => n.ToString("N0", Ui.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("el-GR"));

    /// <summary>What each rule the pages cite asks, in a few words (R12–R23).</summary>
    public static string Rule(string rule) => rule switch
    {
        "R12" => Ui.T("R12 — μέγεθος ομάδας ανά πληθυσμό δήμου", "R12 — team size by the municipality's population"),
        "R13" => Ui.T("R13 — Κοινωνικός Λειτουργός υπεύθυνος", "R13 — a social worker as head"),
        "R14" => Ui.T("R14 — ειδικότητες", "R14 — specialties"),
        "R15" => Ui.T("R15 — χώρος λειτουργίας", "R15 — premises"),
        "R16" => Ui.T("R16 — χώροι και προσβασιμότητα", "R16 — spaces and accessibility"),
        "R17" => Ui.T("R17 — παραρτήματα", "R17 — annexes"),
        "R18" => Ui.T("R18 — κινητές μονάδες", "R18 — mobile units"),
        "R19" => Ui.T("R19 — Κέντρο αναφοράς", "R19 — reference centre"),
        "R20" => Ui.T("R20 — λειτουργικός έλεγχος: Κοινωνική Υπηρεσία του δήμου", "R20 — operational control: the municipality's social service"),
        "R21" => Ui.T("R21 — διοικητικός και οικονομικός έλεγχος", "R21 — administrative and financial control"),
        "R22" => Ui.T("R22 — χωρίς Κοινωνική Υπηρεσία: η Διεύθυνση Κοινωνικής Προστασίας του δήμου έδρας της Π.Ε.",
            "R22 — no social service: the social protection directorate of the regional unit's seat"),
        "R23" => Ui.T("R23 — κανονισμός λειτουργίας και απολογισμός", "R23 — operating regulation and annual report"),
        _ => rule,
    };

    public static string Area(string area) => area switch
    {
        "staffing" => Ui.T("Στελέχωση", "Staffing"),
        "premises" => Ui.T("Χώροι", "Premises"),
        _ => area,
    };

    public static string Specialty(Specialty s) => s switch
    {
        SpecialtyKind.SocialWorker => Ui.T("Κοινωνικός Λειτουργός", "Social worker"),
        SpecialtyKind.Psychologist => Ui.T("Ψυχολόγος", "Psychologist"),
        SpecialtyKind.SocialScientist => Ui.T("Κοινωνικός επιστήμονας", "Social scientist"),
        SpecialtyKind.HealthVisitorOrNurse => Ui.T("Επισκέπτης υγείας ή νοσηλευτής", "Health visitor or nurse"),
        SpecialtyKind.EconomistOrBusiness => Ui.T("Οικονομολόγος ή διοίκησης επιχειρήσεων", "Economics or business"),
        SpecialtyKind.LearningSupport => Ui.T("Μαθησιακή υποστήριξη", "Learning support"),
        SpecialtyKind.RomaOrVulnerableGroupsMediator => Ui.T("Διαμεσολαβητής Ρομά ή ευπαθών ομάδων", "Roma or vulnerable-groups mediator"),
        _ => Ui.T("Άλλη ειδικότητα", "Other specialty"),
    };

    public static string Space(SpaceKind k) => k switch
    {
        SpaceKind.Reception => Ui.T("Υποδοχή", "Reception"),
        SpaceKind.Waiting => Ui.T("Αναμονή", "Waiting"),
        SpaceKind.Processing => Ui.T("Διεκπεραίωση", "Processing"),
        SpaceKind.PublicToilet => Ui.T("WC κοινού", "Public toilets"),
        SpaceKind.StaffToilet => Ui.T("WC προσωπικού", "Staff toilets"),
        SpaceKind.EventsSpace => Ui.T("Χώρος εκδηλώσεων", "Events space"),
        SpaceKind.Office => Ui.T("Γραφείο", "Office"),
        _ => Ui.T("Άλλος χώρος", "Other space"),
    };

    public static string Ownership(Ownership o) => o switch
    {
        OwnershipKind.MunicipalVacant => Ui.T("Κενό δημοτικό ακίνητο", "Vacant municipal building"),
        OwnershipKind.Municipal => Ui.T("Δημοτικό", "Municipal"),
        OwnershipKind.Rented => Ui.T("Μισθωμένο", "Rented"),
        OwnershipKind.ProvidedFree => Ui.T("Παραχώρηση", "Provided free"),
        _ => Ui.T("Άλλο", "Other"),
    };

    public static string Reason(AnnexReason r) => r switch
    {
        AnnexReason.PovertyPocket => Ui.T("Θύλακας φτώχειας", "Pocket of poverty"),
        AnnexReason.Roma => Ui.T("Ρομά", "Roma"),
        _ => Ui.T("Μετανάστες", "Migrants"),
    };

    /// <summary>The municipalities and settlements an annex or mobile unit serves, on one line.</summary>
    public static string Areas(IEnumerable<Platform.Premises.Features.AnnexesAndMobileUnits.ServedAreaView> areas) =>
        string.Join("; ", areas.Select(a => a.Settlement is null ? a.MunicipalityName : $"{a.MunicipalityName} ({a.Settlement})"));

    public static string Weekday(DayOfWeek d) =>
        (Ui.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("el-GR")).DateTimeFormat.GetDayName(d);
}
