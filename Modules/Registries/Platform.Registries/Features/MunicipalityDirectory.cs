using Microsoft.EntityFrameworkCore;
using Platform.Registries.Contracts;
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
}
