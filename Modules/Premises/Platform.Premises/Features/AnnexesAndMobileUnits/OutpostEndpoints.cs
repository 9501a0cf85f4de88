using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.BuildingBlocks.Identity;

namespace Platform.Premises.Features.AnnexesAndMobileUnits;

internal static class OutpostEndpoints
{
    public static void Map(RouteGroupBuilder premises, RouteGroupBuilder centre)
    {
        centre.MapGet("/outposts", async (Guid centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetCentreOutposts(centreId), ct)))
            .WithName("GetCentreOutposts").WithSummary("The centre's annexes and mobile units, working or ended (R17–R19)")
            .Produces<CentreOutpostsView>().ProducesProblem(StatusCodes.Status404NotFound);

        centre.MapPost("/annexes", async (Guid centreId, CreateAnnex command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command with { CentreId = centreId }, ct);
                return Results.Created($"/api/premises/annexes/{view.Id}", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("CreateAnnex")
            .WithSummary("Attach an annex where pockets of poverty, Roma or migrants are (R17); a former Roma support centre stays on as one (R19)")
            .Produces<AnnexView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        centre.MapPost("/mobile-units", async (Guid centreId, CreateMobileUnit command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command with { CentreId = centreId }, ct);
                return Results.Created($"/api/premises/mobile-units/{view.Id}", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("CreateMobileUnit")
            .WithSummary("Attach a mobile unit serving municipalities with no centre and no easy access to one (R18), with its visiting schedule")
            .Produces<MobileUnitView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        premises.MapGet("/annexes/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetAnnex(id), ct)))
            .WithName("GetAnnex").Produces<AnnexView>().ProducesProblem(StatusCodes.Status404NotFound);
        premises.MapPut("/annexes/{id:guid}", async (Guid id, UpdateAnnex command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { Id = id }, ct)))
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("UpdateAnnex").WithSummary("Replace an annex's details and areas (send expectedVersion); set endDate to close it")
            .Produces<AnnexView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        premises.MapGet("/mobile-units/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetMobileUnit(id), ct)))
            .WithName("GetMobileUnit").Produces<MobileUnitView>().ProducesProblem(StatusCodes.Status404NotFound);
        premises.MapPut("/mobile-units/{id:guid}", async (Guid id, UpdateMobileUnit command, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(command with { Id = id }, ct)))
            .RequireAuthorization(PlatformPolicies.ManageCentres).WithName("UpdateMobileUnit").WithSummary("Replace a mobile unit's details, areas and schedule (send expectedVersion); set endDate to close it")
            .Produces<MobileUnitView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
