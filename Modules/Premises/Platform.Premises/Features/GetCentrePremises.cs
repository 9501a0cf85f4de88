using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.Premises.Domain;
using Platform.Premises.Persistence;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features;

/// <summary>A centre's premises against R15–R16: every mandatory space there and accessible; location advice.</summary>
internal sealed record GetCentrePremises(Guid CentreId) : IQuery<CentrePremisesView>;

internal sealed record PremisesFindingView(string Rule, PremisesSeverity Severity, Guid? SpaceId, string Message);

internal sealed record CentrePremisesView(Guid CentreId, string CentreName, bool Compliant, IReadOnlyList<PremisesFindingView> Findings, IReadOnlyList<SiteView> Sites);

internal sealed class GetCentrePremisesHandler(PremisesDbContext db, ICentreDirectory centres) : IQueryHandler<GetCentrePremises, CentrePremisesView>
{
    public async ValueTask<CentrePremisesView> Handle(GetCentrePremises query, CancellationToken cancellationToken)
    {
        var centre = await centres.FindCentreAsync(query.CentreId, cancellationToken)
            ?? throw new NotFoundException(new("Το Κέντρο Κοινότητας δεν βρέθηκε στο μητρώο φορέων.", "The community centre was not found in the bodies registry."));
        var sites = await db.Sites.AsNoTracking().Include(s => s.Spaces).Where(s => s.CentreId == query.CentreId).ToListAsync(cancellationToken);
        var findings = PremisesRules.Evaluate(sites);
        return new CentrePremisesView(centre.Id, centre.Name, !findings.Any(f => f.Severity == PremisesSeverity.Breach),
            [.. findings.Select(f => new PremisesFindingView(f.Rule, f.Severity, f.SpaceId, f.Message))],
            [.. sites.Select(SiteView.From)]);
    }
}
