using Mediator;
using Platform.BuildingBlocks.Errors;
using Platform.Registries.Contracts;
using Platform.Supervision.Domain;

namespace Platform.Supervision.Features;

/// <summary>Who controls the centres of a municipality (R20–R22), with the rule that says so.</summary>
internal sealed record GetControllers(Guid MunicipalityId) : IQuery<ControllersView>;

internal sealed record ControllerView(ControlKind Kind, Guid MunicipalityId, string MunicipalityName, string Authority, string Rule);

internal sealed record ControllersView(Guid MunicipalityId, string MunicipalityName, bool HasSocialService, IReadOnlyList<ControllerView> Controllers);

internal sealed class GetControllersHandler(IMunicipalityDirectory municipalities) : IQueryHandler<GetControllers, ControllersView>
{
    public async ValueTask<ControllersView> Handle(GetControllers query, CancellationToken cancellationToken) =>
        await ForAsync(municipalities, query.MunicipalityId, cancellationToken);

    public static async Task<ControllersView> ForAsync(IMunicipalityDirectory municipalities, Guid municipalityId, CancellationToken cancellationToken)
    {
        var municipality = await municipalities.FindAsync(municipalityId, cancellationToken)
            ?? throw new NotFoundException(new("Ο δήμος δεν βρέθηκε.", "The municipality was not found."));
        var seat = municipality.HasSocialService ? null : await municipalities.FindRegionalUnitSeatAsync(municipality.RegionalUnit, cancellationToken);
        var controllers = ControllerRules.For(municipality, seat);
        if (controllers.Count == 0)
        {
            throw new ConflictException(
                new("Ο δήμος δεν έχει Κοινωνική Υπηρεσία και το μητρώο δεν ορίζει δήμο έδρας της Περιφερειακής Ενότητας (R22).",
                    "The municipality has no social service and the registry names no seat of its regional unit (R22)."),
                "no-regional-unit-seat");
        }

        return new ControllersView(municipality.Id, municipality.Name, municipality.HasSocialService,
            [.. controllers.Select(c => new ControllerView(c.Kind, c.MunicipalityId, c.MunicipalityName, c.Authority, c.Rule))]);
    }
}
