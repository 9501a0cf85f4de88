using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.BuildingBlocks.Identity;
using Platform.Supervision.Features;

namespace Platform.Supervision;

/// <summary>The Supervision module (R20–R23). So far: who controls each municipality's centres.</summary>
public static class SupervisionModule
{
    public static IEndpointRouteBuilder MapSupervisionModule(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/supervision").WithTags("Supervision").RequireAuthorization(PlatformPolicies.ReadRegistries)
            .MapGet("/municipalities/{municipalityId:guid}/controllers", async (Guid municipalityId, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new GetControllers(municipalityId), ct)))
            .WithName("GetControllers")
            .WithSummary("Who controls the municipality's centres: operational (R20) and administrative/financial (R21), or the regional-unit seat's directorate when there is no social service (R22)")
            .Produces<ControllersView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
