using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Staffing.Domain;
using Platform.Staffing.Persistence;
using Platform.Supervision.Contracts;

namespace Platform.Staffing.Features;

/// <summary>
/// The annual report's staffing section: the team against R12–R13 day by day over the period, from the positions'
/// start and end dates, and the positions that served, by specialty (R13–R14).
/// </summary>
internal sealed class StaffingReportContributor(StaffingDbContext db) : IAnnualReportContributor
{
    private static readonly Dictionary<Specialty, (string Greek, string English)> Labels = new()
    {
        [Specialty.SocialWorker] = ("Κοινωνικοί λειτουργοί", "Social workers"),
        [Specialty.Psychologist] = ("Ψυχολόγοι", "Psychologists"),
        [Specialty.SocialScientist] = ("Κοινωνικοί επιστήμονες", "Social scientists"),
        [Specialty.HealthVisitorOrNurse] = ("Επισκέπτες υγείας ή νοσηλευτές", "Health visitors or nurses"),
        [Specialty.EconomistOrBusiness] = ("Οικονομολόγοι ή διοίκησης επιχειρήσεων", "Economics or business graduates"),
        [Specialty.LearningSupport] = ("Μαθησιακή υποστήριξη", "Learning support"),
        [Specialty.RomaOrVulnerableGroupsMediator] = ("Διαμεσολαβητές Ρομά ή ευπαθών ομάδων", "Roma or vulnerable-groups mediators"),
        [Specialty.Other] = ("Άλλες ειδικότητες", "Other specialties"),
    };

    public async Task<IReadOnlyList<AnnualReportSection>> ContributeAsync(AnnualReportScope scope, CancellationToken cancellationToken)
    {
        var team = await db.Staff.AsNoTracking()
            .Where(s => s.CentreId == scope.CentreId && s.StartDate <= scope.To && (s.EndDate == null || s.EndDate >= scope.From))
            .ToListAsync(cancellationToken);
        int belowSize = 0, noHead = 0, compliant = 0;
        for (var day = scope.From; day <= scope.To; day = day.AddDays(1))
        {
            var (r12, r13) = StaffingRules.BreachesOn(scope.Population, team, day);
            belowSize += r12 ? 1 : 0;
            noHead += r13 ? 1 : 0;
            compliant += r12 || r13 ? 0 : 1;
        }

        var staffDays = team.Sum(m => (m.EndDate is { } e && e < scope.To ? e : scope.To).DayNumber - (m.StartDate > scope.From ? m.StartDate : scope.From).DayNumber + 1);
        const string GroupGreek = "Θέσεις που υπηρέτησαν ανά ειδικότητα (R13–R14)", GroupEnglish = "Positions that served, by specialty (R13–R14)";
        List<AnnualReportFigure> figures =
        [
            new("required-team-size", "Απαιτούμενο μέγεθος ομάδας για τον πληθυσμό του δήμου (R12)", "Team size the municipality's population requires (R12)",
                StaffingRules.RequiredTeamSize(scope.Population)),
            new("days", "Ημέρες της περιόδου", "Days in the period", scope.Days),
            new("days-compliant", "Ημέρες χωρίς παράβαση στελέχωσης", "Days without a staffing breach", compliant),
            new("days-in-breach:R12", "Ημέρες με ομάδα μικρότερη από την απαιτούμενη (R12)", "Days with a team smaller than required (R12)", belowSize),
            new("days-in-breach:R13", "Ημέρες χωρίς Κοινωνικό Λειτουργό υπεύθυνο (R13)", "Days without a social worker as head (R13)", noHead),
            new("positions-served", "Θέσεις που υπηρέτησαν στην περίοδο", "Positions that served in the period", team.Count),
            new("positions-at-end", "Θέσεις σε υπηρεσία την τελευταία ημέρα", "Positions serving on the last day", team.Count(m => m.ServesOn(scope.To))),
            new("positions-started", "Θέσεις που ξεκίνησαν στην περίοδο", "Positions that started in the period", team.Count(m => m.StartDate >= scope.From)),
            new("positions-ended", "Θέσεις που έληξαν στην περίοδο", "Positions that ended in the period", team.Count(m => m.EndDate <= scope.To)),
            new("staff-days", "Ημέρες απασχόλησης (άθροισμα όλων των θέσεων)", "Staff-days (all positions together)", staffDays),
            .. Labels.Select(l => new AnnualReportFigure("specialty:" + JsonNamingPolicy.CamelCase.ConvertName(l.Key.ToString()), l.Value.Greek, l.Value.English,
                team.Count(m => m.Specialty == l.Key), GroupGreek, GroupEnglish)),
        ];
        return
        [
            new(AnnualReportSections.Staffing, "Στελέχωση", "Staffing", figures,
            [
                new("Ο υπεύθυνος λογίζεται όπως είναι καταχωρισμένος σήμερα· ιστορικό αλλαγών υπευθύνου δεν τηρείται.",
                    "The head counts as recorded today; changes of head over time are not kept."),
            ]),
        ];
    }
}
