using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Centres;

/// <summary>
/// The community centres the user may see (issue 5): their own for centre staff, their municipality's or regional unit's
/// for a supervisor (R20–R22), all for an administrator — the same rule (<see cref="ActorScope.Covers"/>) as every centre route.
/// </summary>
internal sealed record ListCentres : IQuery<IReadOnlyList<CentreListItem>>;

internal sealed record CentreListItem(Guid Id, string Name, Guid MunicipalityId, string MunicipalityName, int Population, string RegionalUnit);

internal sealed class ListCentresHandler(RegistriesDbContext db, ICurrentActor actor) : IQueryHandler<ListCentres, IReadOnlyList<CentreListItem>>
{
    public async ValueTask<IReadOnlyList<CentreListItem>> Handle(ListCentres query, CancellationToken cancellationToken)
    {
        // A country has a few hundred centres at most: read them and apply the one scope rule here, not a second copy in SQL.
        var own = actor.IsCentreBound() ? actor.CentreId ?? Guid.Empty : (Guid?)null;
        var centres = await (
            from b in db.Bodies.AsNoTracking()
            where b.Kind == BodyKind.CommunityCentre && (own == null || b.Id == own)
            join m in db.Municipalities on b.MunicipalityId equals m.Id
            orderby m.Name, b.Name
            select new CentreListItem(b.Id, b.Name, m.Id, m.Name, m.Population, m.RegionalUnit)).ToListAsync(cancellationToken);
        return [.. centres.Where(c => actor.Covers(new RecordLocation(c.Id, c.MunicipalityId, c.RegionalUnit)))];
    }
}
