using System.Text.Json;
using Platform.BuildingBlocks.Time;
using Platform.Referrals.Processes;
using Platform.Supervision.Contracts;
using Platform.Workflows.Queries;

namespace Platform.Referrals.Centres;

/// <summary>
/// The annual report's referrals, follow-ups and assisted-applications sections (R6, R10), counted from the workflow
/// rows: what was started in the period (Athens days), where it stands now, and the steps taken in the period.
/// </summary>
internal sealed class ReferralsReportContributor(IWorkflowReports reports) : IAnnualReportContributor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<AnnualReportSection>> ContributeAsync(AnnualReportScope scope, CancellationToken cancellationToken)
    {
        var from = GreekTime.StartOf(scope.From);
        var until = GreekTime.StartOf(scope.To.AddDays(1));
        var centre = scope.CentreId;

        var referrals = await reports.StartedAsync(ReferralProcess.ProcessName, centre, from, until, cancellationToken);
        const string KindGreek = "Ανά είδος φορέα", KindEnglish = "By kind of target";
        const string OutcomeGreek = "Ανά έκβαση (σήμερα)", OutcomeEnglish = "By outcome (as of today)";
        List<AnnualReportFigure> referralFigures =
        [
            new("made", "Παραπομπές που έγιναν", "Referrals made", referrals.Count),
            .. referrals.GroupBy(r => r.PolicyKey ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AnnualReportFigure("target:" + JsonNamingPolicy.CamelCase.ConvertName(g.Key), g.Key, g.Key, g.Count(), KindGreek, KindEnglish)),
            new("outcome:gotHelpConfirmed", "Έλαβε τη βοήθεια (επιβεβαιώθηκε)", "Got help (confirmed)", referrals.Count(r => Outcome(r) == "GotHelp" && r.State == nameof(ReferralState.Closed)), OutcomeGreek, OutcomeEnglish),
            new("outcome:gotHelpAwaitingCheck", "Έλαβε τη βοήθεια (εκκρεμεί ο έλεγχος 30 ημερών)", "Got help (30-day check pending)", referrals.Count(r => r.State == nameof(ReferralState.AwaitingConfirmation)), OutcomeGreek, OutcomeEnglish),
            new("outcome:couldNotGetHelp", "Δεν κατέστη δυνατή η βοήθεια", "Could not get help", referrals.Count(r => Outcome(r) == nameof(ReferralOutcome.CouldNotGetHelp)), OutcomeGreek, OutcomeEnglish),
            new("outcome:withdrawn", "Αποσύρθηκαν", "Withdrawn", referrals.Count(r => Outcome(r) == nameof(ReferralOutcome.Withdrawn)), OutcomeGreek, OutcomeEnglish),
            new("outcome:couldNotContact", "Χωρίς επικοινωνία", "Could not contact", referrals.Count(r => Outcome(r) == nameof(ReferralOutcome.CouldNotContact)), OutcomeGreek, OutcomeEnglish),
            new("outcome:rejected", "Απορρίφθηκαν από τον φορέα", "Rejected by the target", referrals.Count(r => r.State == nameof(ReferralState.Rejected)), OutcomeGreek, OutcomeEnglish),
            new("outcome:open", "Ακόμη ανοιχτές", "Still open", referrals.Count(r => r.CompletedAt is null && r.State != nameof(ReferralState.AwaitingConfirmation)), OutcomeGreek, OutcomeEnglish),
        ];

        var plans = await reports.StartedAsync(FollowUpPlanProcess.ProcessName, centre, from, until, cancellationToken);
        var openPlans = await reports.OpenAsync(FollowUpPlanProcess.ProcessName, centre, cancellationToken);
        List<AnnualReportFigure> followUpFigures =
        [
            new("plans-started", "Σχέδια παρακολούθησης που ξεκίνησαν", "Follow-up plans started", plans.Count),
            new("reviews-done", "Επανεξετάσεις που έγιναν", "Reviews done",
                await reports.StepsAsync(FollowUpPlanProcess.ProcessName, centre, nameof(FollowUpTrigger.RecordReview), from, until, cancellationToken)),
            new("referral-follow-ups-done", "Παρακολουθήσεις παραπομπών που καταγράφηκαν", "Referral follow-ups recorded",
                await reports.StepsAsync(ReferralProcess.ProcessName, centre, nameof(ReferralTrigger.RecordFollowUp), from, until, cancellationToken)),
            new("reviews-overdue", "Επανεξετάσεις σε καθυστέρηση (σήμερα, προθεσμία εντός περιόδου)", "Reviews overdue (today, due within the period)",
                openPlans.Count(p => p.State == nameof(FollowUpState.ReviewDue) && p.TaskDueAt < until && p.TaskDueAt < DateTimeOffset.UtcNow)),
        ];

        var applications = await reports.StartedAsync(AssistedApplicationProcess.ProcessName, centre, from, until, cancellationToken);
        const string StateGreek = "Πού βρίσκονται (σήμερα)", StateEnglish = "Where they stand (today)";
        List<AnnualReportFigure> applicationFigures =
        [
            new("started", "Αιτήσεις που ξεκίνησαν", "Applications started", applications.Count),
            new("kea", "Εκ των οποίων ΚΕΑ", "Of which ΚΕΑ", applications.Count(a => a.PolicyKey == "Kea")),
            new("filed", "Υποβολές στην περίοδο", "Filed in the period",
                await reports.StepsAsync(AssistedApplicationProcess.ProcessName, centre, nameof(ApplicationTrigger.File), from, until, cancellationToken)),
            new("state:approved", "Εγκρίθηκαν", "Approved", applications.Count(a => a.State is nameof(ApplicationState.Approved) or nameof(ApplicationState.RenewalDue)), StateGreek, StateEnglish),
            new("state:rejected", "Απορρίφθηκαν", "Rejected", applications.Count(a => a.State == nameof(ApplicationState.Rejected)), StateGreek, StateEnglish),
            new("state:awaitingDecision", "Αναμένουν απόφαση", "Awaiting a decision", applications.Count(a => a.State == nameof(ApplicationState.Filed)), StateGreek, StateEnglish),
            new("state:preparing", "Σε προετοιμασία", "Being prepared", applications.Count(a => a.State == nameof(ApplicationState.Preparing)), StateGreek, StateEnglish),
            new("state:closed", "Έκλεισαν", "Closed", applications.Count(a => a.State == nameof(ApplicationState.Closed)), StateGreek, StateEnglish),
        ];

        AnnualReportNote asOfToday = new("Οι εκβάσεις είναι όπως είναι σήμερα για όσα ξεκίνησαν μέσα στην περίοδο.",
            "Outcomes are as they stand today, for what was started within the period.");
        return
        [
            new(AnnualReportSections.Referrals, "Παραπομπές", "Referrals", referralFigures, [asOfToday]),
            new(AnnualReportSections.FollowUps, "Παρακολούθηση", "Follow-ups", followUpFigures,
                [new("Επανεξετάσεις και παρακολουθήσεις μετρώνται όταν καταγράφηκαν μέσα στην περίοδο.", "Reviews and follow-ups count when they were recorded within the period.")]),
            new(AnnualReportSections.AssistedApplications, "Υποβοηθούμενες αιτήσεις", "Assisted applications", applicationFigures, [asOfToday]),
        ];
    }

    private static string? Outcome(InstanceFact fact) =>
        JsonDocument.Parse(fact.DataJson).RootElement.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.String ? outcome.GetString() : null;
}
