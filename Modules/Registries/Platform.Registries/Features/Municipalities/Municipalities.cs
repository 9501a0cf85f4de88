using Mediator;
using Microsoft.AspNetCore.Builder;
using Platform.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Municipalities;

internal sealed record MunicipalityView(Guid Id, string Name, int Population, string RegionalUnit, bool IsRegionalUnitSeat, bool HasSocialService);

/// <summary>The municipalities the Platform knows (population for R12, social service for R20–R22).</summary>
internal sealed record ListMunicipalities : IQuery<IReadOnlyList<MunicipalityView>>;

internal sealed class ListMunicipalitiesHandler(RegistriesDbContext db) : IQueryHandler<ListMunicipalities, IReadOnlyList<MunicipalityView>>
{
    public async ValueTask<IReadOnlyList<MunicipalityView>> Handle(ListMunicipalities query, CancellationToken cancellationToken) =>
        await db.Municipalities.AsNoTracking().OrderBy(m => m.Name)
            .Select(m => new MunicipalityView(m.Id, m.Name, m.Population, m.RegionalUnit, m.IsRegionalUnitSeat, m.HasSocialService))
            .ToListAsync(cancellationToken);
}

internal static class MunicipalityEndpoints
{
    public static void Map(RouteGroupBuilder registries) =>
        registries.MapGet("/municipalities", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListMunicipalities(), ct)))
            .WithTags("Municipalities").RequireAuthorization(PlatformPolicies.ReadRegistries).WithName("ListMunicipalities").Produces<IReadOnlyList<MunicipalityView>>();
}
