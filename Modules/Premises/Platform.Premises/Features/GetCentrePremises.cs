using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.Premises.Domain;
using Platform.Premises.Features.AnnexesAndMobileUnits;
using Platform.Premises.Persistence;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features;

/// <summary>A centre's premises against R15–R16 (every mandatory space there and accessible; location advice), and its annexes and mobile units (R17–R19).</summary>
internal sealed record GetCentrePremises(Guid CentreId) : IQuery<CentrePremisesView>;

internal sealed record PremisesFindingView(string Rule, PremisesSeverity Severity, Guid? SpaceId, string Message);

internal sealed record CentrePremisesView(
    Guid CentreId, string CentreName, bool Compliant, IReadOnlyList<PremisesFindingView> Findings, IReadOnlyList<SiteView> Sites,
    IReadOnlyList<AnnexView> Annexes, IReadOnlyList<MobileUnitView> MobileUnits);

internal sealed class GetCentrePremisesHandler(PremisesDbContext db, ICentreDirectory centres, OutpostStore outposts) : IQueryHandler<GetCentrePremises, CentrePremisesView>
{
    public async ValueTask<CentrePremisesView> Handle(GetCentrePremises query, CancellationToken cancellationToken)
    {
        var centre = await centres.FindCentreAsync(query.CentreId, cancellationToken) ?? throw PremisesErrors.NoSuchCentre();
        var sites = await db.Sites.AsNoTracking().Include(s => s.Spaces).Where(s => s.CentreId == query.CentreId).ToListAsync(cancellationToken);
        var findings = PremisesRules.Evaluate(sites);
        var attached = await outposts.CentreViewAsync(await GetOutpostsHandlers.ListAsync(outposts, centre.Id, cancellationToken), cancellationToken);
        return new CentrePremisesView(centre.Id, centre.Name, !findings.Any(f => f.Severity == PremisesSeverity.Breach),
            [.. findings.Select(f => new PremisesFindingView(f.Rule, f.Severity, f.SpaceId, f.Message))],
            [.. sites.Select(SiteView.From)], attached.Annexes, attached.MobileUnits);
    }
}
