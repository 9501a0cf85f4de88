using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Time;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;
using Platform.Supervision.Contracts;

namespace Platform.Registries.Features.Centres;

/// <summary>
/// The annual report's beneficiaries section: the people registered at the centre in the period (R26, R29), in all and by
/// vulnerable group (R8). A person in two groups counts in both, so the groups add up to more than the total.
/// </summary>
internal sealed class BeneficiariesReportContributor(RegistriesDbContext db) : IAnnualReportContributor
{
    private static readonly Dictionary<VulnerableGroup, (string Greek, string English)> Labels = new()
    {
        [VulnerableGroup.Poverty] = ("Άτομα σε φτώχεια", "People facing poverty"),
        [VulnerableGroup.LongTermUnemployed] = ("Μακροχρόνια άνεργοι", "Long-term unemployed"),
        [VulnerableGroup.Homeless] = ("Άστεγοι", "Homeless people"),
        [VulnerableGroup.MigrantOrRefugee] = ("Μετανάστες ή πρόσφυγες", "Migrants or refugees"),
        [VulnerableGroup.Roma] = ("Ρομά", "Roma"),
        [VulnerableGroup.PersonWithDisability] = ("Άτομα με αναπηρία (ΑμεΑ)", "Persons with disabilities"),
        [VulnerableGroup.ElderlyLivingAlone] = ("Μοναχικοί ηλικιωμένοι", "Elderly people living alone"),
        [VulnerableGroup.SingleParentFamily] = ("Μονογονεϊκές οικογένειες", "Single-parent families"),
        [VulnerableGroup.LargeFamily] = ("Πολύτεκνες οικογένειες", "Large families"),
        [VulnerableGroup.SubstanceDependence] = ("Άτομα με εξαρτήσεις", "People with substance dependence"),
        [VulnerableGroup.DomesticViolenceVictim] = ("Θύματα ενδοοικογενειακής βίας", "Victims of domestic violence"),
        [VulnerableGroup.FormerPrisoner] = ("Αποφυλακισμένοι", "Former prisoners"),
        [VulnerableGroup.UnaccompaniedMinor] = ("Ασυνόδευτοι ανήλικοι", "Unaccompanied minors"),
        [VulnerableGroup.ChronicIllness] = ("Χρονίως πάσχοντες", "People with a chronic illness"),
    };

    public async Task<IReadOnlyList<AnnualReportSection>> ContributeAsync(AnnualReportScope scope, CancellationToken cancellationToken)
    {
        // The period's days are Athens days: a registration at 23:30 UTC on 31 December belongs to the next year.
        var from = GreekTime.StartOf(scope.From);
        var until = GreekTime.StartOf(scope.To.AddDays(1));
        var inPeriod = db.Beneficiaries.AsNoTracking().Where(b => b.CentreId == scope.CentreId && b.RegisteredAt >= from && b.RegisteredAt < until);
        var total = await inPeriod.CountAsync(cancellationToken);
        var withoutGroup = await inPeriod.CountAsync(b => b.Categories.Length == 0, cancellationToken);
        var byGroup = (await db.Database.SqlQuery<GroupCount>($"""
                SELECT c AS "Category", count(*)::int AS "People"
                FROM registries.beneficiaries b CROSS JOIN LATERAL unnest(b.categories) c
                WHERE b.centre_id = {scope.CentreId} AND b.registered_at >= {from} AND b.registered_at < {until}
                GROUP BY c
                """).ToListAsync(cancellationToken))
            .ToDictionary(g => g.Category, g => g.People, StringComparer.Ordinal);

        const string GroupGreek = "Ανά ευπαθή ομάδα (R8)", GroupEnglish = "By vulnerable group (R8)";
        List<AnnualReportFigure> figures =
        [
            new("registered", "Ωφελούμενοι που καταγράφηκαν", "Beneficiaries registered", total),
            .. Labels.Select(l => new AnnualReportFigure("category:" + JsonNamingPolicy.CamelCase.ConvertName(l.Key.ToString()), l.Value.Greek, l.Value.English,
                byGroup.GetValueOrDefault(l.Key.ToString()), GroupGreek, GroupEnglish)),
            new("category:none", "Χωρίς δηλωμένη ευπαθή ομάδα", "No vulnerable group given", withoutGroup, GroupGreek, GroupEnglish),
        ];
        return
        [
            new(AnnualReportSections.Beneficiaries, "Ωφελούμενοι που καταγράφηκαν", "Beneficiaries registered", figures,
            [
                new("Κάθε ωφελούμενος μετρά σε όσες ομάδες έχει δηλωθεί· το άθροισμα των ομάδων μπορεί να ξεπερνά το σύνολο.",
                    "A beneficiary counts in every group given for them; the groups may add up to more than the total."),
                new("Οι ομάδες είναι όπως είναι καταχωρισμένες σήμερα στον φάκελο.", "Groups are as recorded in the file today."),
            ]),
        ];
    }

    private sealed record GroupCount(string Category, int People);
}
