using System.Globalization;
using Platform.BuildingBlocks.Time;

namespace Platform.Host.Web;

/// <summary>How the workflow pages name what the runtime stores as codes: reminders that landed, times (Athens), roles.</summary>
internal static class WorkflowText
{
    /// <summary>What a reminder or escalation that landed on an instance asks for (the codes the Referrals processes set).</summary>
    public static string Attention(string? code) => code switch
    {
        null => "",
        "no-answer" => Ui.T("Υπενθύμιση: ο φορέας δεν απάντησε", "Reminder: the target has not answered"),
        "escalated" => Ui.T("Κλιμάκωση: καμία απάντηση", "Escalated: still no answer"),
        "follow-up-due" => Ui.T("Ώρα για παρακολούθηση", "Follow-up due"),
        "help-check-due" => Ui.T("Έλεγχος 30 ημερών", "30-day check due"),
        "review-due" => Ui.T("Επανεξέταση σχεδίου", "Plan review due"),
        "review-overdue" => Ui.T("Καθυστερημένη επανεξέταση", "Plan review overdue"),
        "decision-overdue" => Ui.T("Καθυστέρηση απόφασης", "Decision overdue"),
        "renewal-due" => Ui.T("Ώρα για ανανέωση", "Renewal due"),
        _ => code,
    };

    /// <summary>A journal entry's kind when it has no trigger of its own (a start, a reschedule, a migration, …).</summary>
    public static string JournalKind(string kind) => kind switch
    {
        "Started" => Ui.T("Έναρξη", "Started"),
        "Incident" => Ui.T("Σφάλμα", "Incident"),
        "Retried" => Ui.T("Επανάληψη", "Retried"),
        "Cancelled" => Ui.T("Ακύρωση", "Cancelled"),
        "Migrated" => Ui.T("Μετάβαση σε νέα έκδοση", "Migrated to a new version"),
        "Rescheduled" => Ui.T("Αλλαγή ημερομηνίας υπενθύμισης", "Reminder rescheduled"),
        _ => kind,
    };

    public static string When(DateTimeOffset? at) =>
        at is { } value ? GreekTime.ToAthens(value).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Day(DateOnly day) =>
        day.ToString("dddd d MMMM yyyy", Ui.English ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("el-GR"));

    public static string? Role(string? role) => role is null ? null : Ui.Role(role);
}

/// <summary>Labels of the triggers' input fields and their values (Greek first), by the field names the runtime describes.</summary>
internal static class WorkflowFields
{
    public static string Label(string field) => field switch
    {
        "note" => Ui.T("Σημείωση", "Note"),
        "reason" => Ui.T("Λόγος", "Reason"),
        "outcome" => Ui.T("Έκβαση", "Outcome"),
        "situation" => Ui.T("Κατάσταση του ωφελούμενου", "The person's situation"),
        "nextSteps" => Ui.T("Επόμενα βήματα", "Next steps"),
        "nextReviewInDays" => Ui.T("Επόμενη επανεξέταση σε (ημέρες)", "Next review in (days)"),
        "intervalDays" => Ui.T("Διάστημα επανεξέτασης (ημέρες)", "Review interval (days)"),
        "platform" => Ui.T("Εθνική πλατφόρμα", "National platform"),
        "protocolNumber" => Ui.T("Αριθμός πρωτοκόλλου", "Protocol number"),
        "filedOn" => Ui.T("Ημερομηνία υποβολής", "Filed on"),
        "documents" => Ui.T("Δικαιολογητικά (ένα ανά γραμμή· «: ναι» αν κατατέθηκε)", "Documents (one per line; ': yes' when provided)"),
        "approved" => Ui.T("Εγκρίθηκε", "Approved"),
        "decidedOn" => Ui.T("Ημερομηνία απόφασης", "Decided on"),
        "validUntil" => Ui.T("Ισχύει έως", "Valid until"),
        _ => field,
    };

    public static string Value(string value) => value switch
    {
        "GotHelp" => Ui.T("Έλαβε βοήθεια", "Got help"),
        "CouldNotGetHelp" => Ui.T("Δεν κατέστη δυνατή η βοήθεια", "Could not get help"),
        "Withdrawn" => Ui.T("Αποσύρθηκε", "Withdrawn"),
        "CouldNotContact" => Ui.T("Δεν ήταν δυνατή η επικοινωνία", "Could not contact"),
        "Kea" => Ui.T("ΚΕΑ (Ελάχιστο Εγγυημένο Εισόδημα)", "KEA (minimum guaranteed income)"),
        "HousingAllowance" => Ui.T("Επίδομα στέγασης", "Housing allowance"),
        "ChildBenefit" => Ui.T("Επίδομα παιδιού", "Child benefit"),
        "DisabilityAllowance" => Ui.T("Επίδομα αναπηρίας", "Disability allowance"),
        "UninsuredElderlyPension" => Ui.T("Σύνταξη ανασφάλιστων υπερηλίκων", "Uninsured elderly pension"),
        "EmploymentRegistration" => Ui.T("Εγγραφή ΔΥΠΑ", "Employment registration"),
        "Other" => Ui.T("Άλλη", "Other"),
        _ => value,
    };

    /// <summary>Long free text gets a text area.</summary>
    public static bool Long(string field) => field is "note" or "reason" or "situation" or "nextSteps" or "documents";
}
