using Mediator;
using Microsoft.AspNetCore.Builder;
using Platform.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.BuildingBlocks.Errors;
using Platform.Registries.Contracts;

namespace Platform.Registries.Features.Centres;

/// <summary>A community centre's live figures and compliance, from its grain (the source pages and dashboards read).</summary>
internal sealed record GetCentre(Guid CentreId) : IQuery<CentreFigures>;

internal sealed class GetCentreHandler(IGrainFactory grains) : IQueryHandler<GetCentre, CentreFigures>
{
    public async ValueTask<CentreFigures> Handle(GetCentre query, CancellationToken cancellationToken) =>
        await grains.GetGrain<ICentreGrain>(query.CentreId).GetFigures()
            ?? throw new NotFoundException(new("Το Κέντρο Κοινότητας δεν βρέθηκε.", "The community centre was not found."));
}

internal static class CentreEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/centres", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListCentres(), ct)))
            .WithTags("Centres").RequireAuthorization(PlatformPolicies.ReadCentres).WithName("ListCentres")
            .WithSummary("The community centres in the caller's scope: their own (centre staff), their area's (supervisor), all (administrator)")
            .Produces<IReadOnlyList<CentreListItem>>();
        app.MapGet("/api/centres/{centreId:guid}", async (Guid centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetCentre(centreId), ct)))
            .WithTags("Centres").RequireAuthorization(PlatformPolicies.ReadCentres).RequireCentreScope().WithName("GetCentre")
            .WithSummary("A community centre's live figures (open files, recent registrations, files by category) and compliance by area")
            .Produces<CentreFigures>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
