using Microsoft.EntityFrameworkCore;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features;

internal sealed class CentreDirectory(RegistriesDbContext db) : ICentreDirectory
{
    public async Task<CentreIdentity?> FindCentreAsync(Guid centreId, CancellationToken cancellationToken)
    {
        var centre = await (
            from b in db.Bodies.AsNoTracking()
            where b.Id == centreId && b.Kind == BodyKind.CommunityCentre
            join m in db.Municipalities on b.MunicipalityId equals m.Id
            select new CentreIdentity(b.Id, b.Name, m.Id, m.Name, m.Population))
            .FirstOrDefaultAsync(cancellationToken);
        return centre;
    }

    public async Task<RegistryBody?> FindBodyAsync(Guid bodyId, CancellationToken cancellationToken)
    {
        var body = await db.Bodies.AsNoTracking().Where(b => b.Id == bodyId)
            .Select(b => new { b.Id, b.Name, b.Kind, b.MunicipalityId, b.ReferenceCentreId })
            .FirstOrDefaultAsync(cancellationToken);
        return body is null ? null : new RegistryBody(body.Id, body.Name, body.Kind.ToString(), body.MunicipalityId, body.ReferenceCentreId);
    }
}

/// <summary>Where a body lies, for the scope checks of every module (<see cref="Platform.BuildingBlocks.Identity.ICentreLocator"/>).</summary>
internal sealed class CentreLocator(RegistriesDbContext db) : Platform.BuildingBlocks.Identity.ICentreLocator
{
    public async Task<Platform.BuildingBlocks.Identity.RecordLocation?> LocateAsync(Guid bodyId, CancellationToken cancellationToken) =>
        await (
            from b in db.Bodies.AsNoTracking()
            where b.Id == bodyId
            join m in db.Municipalities on b.MunicipalityId equals m.Id
            select new Platform.BuildingBlocks.Identity.RecordLocation(b.Id, m.Id, m.RegionalUnit))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<Platform.BuildingBlocks.Identity.RecordLocation?> LocateCentreAsync(Guid centreId, CancellationToken cancellationToken) =>
        await (
            from b in db.Bodies.AsNoTracking()
            where b.Id == centreId && b.Kind == BodyKind.CommunityCentre
            join m in db.Municipalities on b.MunicipalityId equals m.Id
            select new Platform.BuildingBlocks.Identity.RecordLocation(b.Id, m.Id, m.RegionalUnit))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> BodiesInAreaAsync(Guid? municipalityId, string? regionalUnit, CancellationToken cancellationToken)
    {
        if (municipalityId is null && regionalUnit is null)
        {
            return [];
        }

        return await (
            from b in db.Bodies.AsNoTracking()
            join m in db.Municipalities on b.MunicipalityId equals m.Id
            where m.Id == municipalityId || m.RegionalUnit == regionalUnit
            select b.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> bodyIds, CancellationToken cancellationToken) =>
        bodyIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Bodies.AsNoTracking().Where(b => bodyIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
}
