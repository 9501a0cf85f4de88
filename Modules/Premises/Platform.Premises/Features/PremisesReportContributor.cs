using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Text;
using Platform.Premises.Domain;
using Platform.Premises.Persistence;
using Platform.Supervision.Contracts;

namespace Platform.Premises.Features;

/// <summary>
/// The annual report's premises section (R15–R16, as recorded now: sites keep no history) and its annexes and mobile
/// units section (R17–R19, over the period, from their start and end dates).
/// </summary>
internal sealed class PremisesReportContributor(PremisesDbContext db) : IAnnualReportContributor
{
    public async Task<IReadOnlyList<AnnualReportSection>> ContributeAsync(AnnualReportScope scope, CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().Include(s => s.Spaces).Where(s => s.CentreId == scope.CentreId).ToListAsync(cancellationToken);
        var spaces = sites.SelectMany(s => s.Spaces).ToList();
        var outposts = await db.Outposts.AsNoTracking().Include(o => o.Areas).Include(o => o.Visits).AsSplitQuery()
            .Where(o => o.CentreId == scope.CentreId && o.StartDate <= scope.To && (o.EndDate == null || o.EndDate >= scope.From))
            .OrderBy(o => o.Kind).ThenBy(o => o.StartDate).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken);
        var annexes = outposts.Where(o => o.Kind == OutpostKind.Annex).ToList();
        var units = outposts.Where(o => o.Kind == OutpostKind.MobileUnit).ToList();

        return
        [
            new(AnnualReportSections.Premises, "Χώροι λειτουργίας", "Premises",
            [
                new("sites", "Χώροι (κτίρια) λειτουργίας", "Sites (buildings)", sites.Count),
                new("spaces", "Επιμέρους χώροι", "Spaces", spaces.Count),
                new("inaccessible-spaces", "Χώροι μη προσβάσιμοι σε ΑμεΑ (R16)", "Spaces not accessible to persons with disabilities (R16)", spaces.Count(s => !s.Accessible)),
                new("missing-mandatory-spaces", "Υποχρεωτικοί χώροι που λείπουν (R16)", "Mandatory spaces missing (R16)",
                    PremisesRules.MandatoryKinds.Count(k => spaces.All(s => s.Kind != k))),
                new("sites-not-distinct", "Χώροι που δεν είναι διακριτοί (R15)", "Sites that are not a distinct space (R15)", sites.Count(s => !s.Distinct)),
            ],
            [
                new("Οι χώροι δεν τηρούν ιστορικό: τα στοιχεία είναι όπως είναι καταχωρισμένα κατά τη σύνταξη.",
                    "Premises keep no history: the figures are as recorded when the report is generated."),
            ]),
            new(AnnualReportSections.AnnexesAndMobileUnits, "Παραρτήματα και Κινητές Μονάδες", "Annexes and mobile units",
            [
                new("annexes", "Παραρτήματα σε λειτουργία στην περίοδο (R17)", "Annexes working in the period (R17)", annexes.Count),
                new("former-roma-support-centres", "εκ των οποίων πρώην Κέντρα Στήριξης Ρομά (R19)", "of which former Roma support centres (R19)",
                    annexes.Count(a => a.FormerRomaSupportCentre)),
                new("annex-days", "Ημέρες λειτουργίας παραρτημάτων", "Annex working days", annexes.Sum(a => a.DaysActive(scope.From, scope.To))),
                new("mobile-units", "Κινητές Μονάδες σε λειτουργία στην περίοδο (R18)", "Mobile units working in the period (R18)", units.Count),
                new("mobile-unit-days", "Ημέρες λειτουργίας κινητών μονάδων", "Mobile unit working days", units.Sum(u => u.DaysActive(scope.From, scope.To))),
                new("municipalities-served-by-mobile-units", "Δήμοι που εξυπηρετούν οι κινητές μονάδες", "Municipalities the mobile units serve",
                    units.SelectMany(u => u.Areas).Select(a => a.MunicipalityId).Distinct().Count()),
                new("settlements-served", "Οικισμοί που εξυπηρετούνται", "Settlements served",
                    outposts.SelectMany(o => o.Areas).Where(a => a.Settlement is not null).Select(a => (a.MunicipalityId, GreekText.Fold(a.Settlement))).Distinct().Count()),
                new("weekly-visits", "Τακτικές εβδομαδιαίες επισκέψεις στο πρόγραμμα", "Standing weekly visits in the schedule",
                    units.Sum(u => u.Visits.Count(v => v.Weekday is not null))),
                new("dated-visits", "Έκτακτες επισκέψεις με ημερομηνία στην περίοδο", "Dated visits in the period",
                    units.Sum(u => u.Visits.Count(v => v.On >= scope.From && v.On <= scope.To))),
                .. outposts.Select(o => new AnnualReportFigure("days-working:" + o.Id, o.Name, o.Name, o.DaysActive(scope.From, scope.To),
                    "Ημέρες λειτουργίας στην περίοδο", "Working days in the period")),
            ],
            [
                new("Το πρόγραμμα επισκέψεων είναι όπως είναι καταχωρισμένο σήμερα.", "The visiting schedule is as recorded today."),
            ]),
        ];
    }
}
