using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Persistence;
using Platform.Staffing.Features;
using Platform.Staffing.Persistence;

namespace Platform.Staffing;

/// <summary>The Staffing module (R12–R14): each centre's team and the rules it must meet.</summary>
public static class StaffingModule
{
    public static IServiceCollection AddStaffingModule(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextPool<StaffingDbContext>(o => o.UseModuleNpgsql(connectionString, StaffingDbContext.Schema));
        services.AddValidatorsFromAssemblyContaining<StaffingDbContext>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddCentreChangeOutbox<StaffingDbContext>();
        services.AddScoped<Registries.Contracts.ICentreComplianceSource, StaffingCompliance>();
        services.AddScoped<Supervision.Contracts.IAnnualReportContributor, StaffingReportContributor>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffingModule(this IEndpointRouteBuilder app)
    {
        // Every endpoint: a centre within the caller's scope; changes: its head or an administrator.
        var centre = app.MapGroup("/api/staffing/centres/{centreId:guid}").WithTags("Staffing")
            .RequireAuthorization(PlatformPolicies.ReadCentres).RequireCentreScope();
        centre.MapGet("/", async (Guid centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetCentreStaffing(centreId), ct)))
            .WithName("GetCentreStaffing")
            .WithSummary("The centre's team, the required size for its municipality (R12), its head (R13) and every breach, now or within 60 days")
            .Produces<CentreStaffingView>().ProducesProblem(StatusCodes.Status404NotFound);
        centre.MapPost("/staff", async (Guid centreId, AddStaffMember command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command with { CentreId = centreId }, ct);
                return Results.Created($"/api/staffing/centres/{centreId}/staff/{view.Id}", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageCentres)
            .WithName("AddStaffMember").WithSummary("Add a position to the team (no personal data: a reference, a specialty, dates)")
            .Produces<StaffMemberView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        centre.MapPost("/staff/{memberId:guid}/end", async (Guid centreId, Guid memberId, EndRequest body, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new EndStaffMember(centreId, memberId, body.EndDate), ct)))
            .RequireAuthorization(PlatformPolicies.ManageCentres)
            .WithName("EndStaffMember").WithSummary("Set the day a position ends")
            .Produces<StaffMemberView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal sealed record EndRequest(DateOnly? EndDate);

    public static Task MigrateStaffingAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateModuleAsync<StaffingDbContext>(ct);
}
