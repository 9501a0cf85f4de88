using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Time;
using Platform.Registries.Contracts;
using Platform.Supervision.Contracts;

namespace Platform.Supervision.Features.AnnualReport;

/// <summary>
/// A centre's annual operation report (R23) as generated, in both languages: the sections in the catalogue's order
/// (<see cref="AnnualReportSections.InOrder"/>), each either contributed by its module or marked not available.
/// </summary>
internal sealed record AnnualReportData(
    Guid CentreId, string CentreName, string MunicipalityName, int Year, DateOnly From, DateOnly To, bool Partial,
    DateTimeOffset GeneratedAt, IReadOnlyList<AnnualReportPart> Sections);

/// <summary>A section, or the place of one that no module fills yet (<see cref="Available"/> false, no figures).</summary>
internal sealed record AnnualReportPart(bool Available, AnnualReportSection Section);

/// <summary>Asks every <see cref="IAnnualReportContributor"/> for its sections of the year and lays them out.</summary>
internal sealed class AnnualReportBuilder(IEnumerable<IAnnualReportContributor> contributors, ICentreDirectory centres, TimeProvider clock)
{
    /// <summary>The first year a community centre can have worked (the programme's 2014–2020 period; centres from 2016).</summary>
    public const int FirstYear = 2016;

    private static readonly Dictionary<string, (string Greek, string English)> Titles = new(StringComparer.Ordinal)
    {
        [AnnualReportSections.Beneficiaries] = ("Ωφελούμενοι που καταγράφηκαν", "Beneficiaries registered"),
        [AnnualReportSections.Referrals] = ("Παραπομπές", "Referrals"),
        [AnnualReportSections.FollowUps] = ("Παρακολούθηση παραπομπών", "Follow-ups"),
        [AnnualReportSections.AssistedApplications] = ("Υποβοηθούμενες αιτήσεις", "Assisted applications"),
        [AnnualReportSections.Staffing] = ("Στελέχωση", "Staffing"),
        [AnnualReportSections.Premises] = ("Χώροι λειτουργίας", "Premises"),
        [AnnualReportSections.AnnexesAndMobileUnits] = ("Παραρτήματα και Κινητές Μονάδες", "Annexes and mobile units"),
        [AnnualReportSections.OperatingRegulation] = ("Κανονισμός Λειτουργίας", "Operating regulation"),
    };

    public async Task<AnnualReportData> BuildAsync(Guid centreId, int year, CancellationToken ct)
    {
        var centre = await centres.FindCentreAsync(centreId, ct) ?? throw SupervisionErrors.NoSuchCentre();
        var scope = Scope(centre, year, GreekTime.Today(clock));
        var contributed = new Dictionary<string, AnnualReportSection>(StringComparer.Ordinal);
        foreach (var contributor in contributors)
        {
            foreach (var section in await contributor.ContributeAsync(scope, ct))
            {
                if (!contributed.TryAdd(section.Key, section))
                {
                    throw new InvalidOperationException($"Two contributors give the report section '{section.Key}'.");
                }
            }
        }

        var parts = AnnualReportSections.InOrder
            .Select(key => contributed.Remove(key, out var section)
                ? new AnnualReportPart(true, section)
                : new AnnualReportPart(false, new AnnualReportSection(key, Titles[key].Greek, Titles[key].English, [],
                    [new("Δεν είναι ακόμη διαθέσιμο: τα στοιχεία αυτής της ενότητας θα προέρχονται από τις διαδικασίες παραπομπής και παρακολούθησης, που δεν έχουν ενεργοποιηθεί.",
                        "Not available yet: this section's figures will come from the referral and follow-up processes, which are not in place yet.")])))
            .Concat(contributed.Values.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new AnnualReportPart(true, s)))
            .ToList();
        return new AnnualReportData(centre.Id, centre.Name, centre.MunicipalityName, year, scope.From, scope.To, scope.Partial, clock.GetUtcNow(), parts);
    }

    /// <summary>The whole year once it is over; while it runs, up to yesterday (today is not complete).</summary>
    internal static AnnualReportScope Scope(CentreIdentity centre, int year, DateOnly today)
    {
        if (year < FirstYear || year > today.Year || (year == today.Year && today.DayOfYear == 1))
        {
            throw ValidationFailedException.For("year", new(
                $"Δώστε έτος από {FirstYear} έως {today.Year} με τουλάχιστον μία ολοκληρωμένη ημέρα.",
                $"Give a year from {FirstYear} to {today.Year} with at least one complete day."));
        }

        var partial = year == today.Year;
        return new AnnualReportScope(centre.Id, centre.Name, centre.MunicipalityId, centre.MunicipalityName, centre.Population,
            year, new DateOnly(year, 1, 1), partial ? today.AddDays(-1) : new DateOnly(year, 12, 31), partial);
    }
}
