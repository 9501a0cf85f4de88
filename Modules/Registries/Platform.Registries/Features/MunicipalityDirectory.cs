using Microsoft.EntityFrameworkCore;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features;

internal sealed class MunicipalityDirectory(RegistriesDbContext db) : IMunicipalityDirectory
{
    public Task<MunicipalityIdentity?> FindAsync(Guid municipalityId, CancellationToken cancellationToken) =>
        db.Municipalities.AsNoTracking().Where(m => m.Id == municipalityId)
            .Select(m => new MunicipalityIdentity(m.Id, m.Name, m.Population, m.RegionalUnit, m.IsRegionalUnitSeat, m.HasSocialService))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<MunicipalityIdentity?> FindRegionalUnitSeatAsync(string regionalUnit, CancellationToken cancellationToken) =>
        db.Municipalities.AsNoTracking().Where(m => m.RegionalUnit == regionalUnit && m.IsRegionalUnitSeat)
            .Select(m => new MunicipalityIdentity(m.Id, m.Name, m.Population, m.RegionalUnit, m.IsRegionalUnitSeat, m.HasSocialService))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<MunicipalityCoverage>> FindCoverageAsync(IReadOnlyCollection<Guid> municipalityIds, CancellationToken cancellationToken)
    {
        var ids = municipalityIds.Distinct().ToArray();
        return await db.Municipalities.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new MunicipalityCoverage(m.Id, m.Name,
                db.Bodies.Count(b => b.MunicipalityId == m.Id && b.Kind == BodyKind.CommunityCentre)))
            .ToListAsync(cancellationToken);
    }
}
