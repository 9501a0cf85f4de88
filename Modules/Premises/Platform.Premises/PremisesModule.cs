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
using Platform.Premises.Features;
using Platform.Premises.Features.AnnexesAndMobileUnits;
using Platform.Premises.Persistence;

namespace Platform.Premises;

/// <summary>The Premises module (R15–R19): where each centre works, whether its spaces meet the rules, its annexes and mobile units.</summary>
public static class PremisesModule
{
    public static IServiceCollection AddPremisesModule(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextPool<PremisesDbContext>(o => o.UseModuleNpgsql(connectionString, PremisesDbContext.Schema));
        services.AddValidatorsFromAssemblyContaining<PremisesDbContext>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddCentreChangeOutbox<PremisesDbContext>();
        services.AddScoped<OutpostStore>();
        services.AddScoped<OutpostRegistryChecks>();
        services.AddScoped<Registries.Contracts.ICentreComplianceSource, PremisesCompliance>();
        services.AddScoped<Registries.Contracts.ICentreOutpostSource, CentreOutpostSource>();
        services.AddScoped<Supervision.Contracts.IAnnualReportContributor, PremisesReportContributor>();
        return services;
    }

    public static IEndpointRouteBuilder MapPremisesModule(this IEndpointRouteBuilder app)
    {
        // Every endpoint: signed in with a centre-reading role; under a centre, that centre within the caller's scope;
        // changes: its head or an administrator.
        var premises = app.MapGroup("/api/premises").WithTags("Premises").RequireAuthorization(PlatformPolicies.ReadCentres);
        var centre = premises.MapGroup("/centres/{centreId:guid}").RequireCentreScope();
        centre.MapGet("/", async (Guid centreId, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetCentrePremises(centreId), ct)))
            .WithName("GetCentrePremises")
            .WithSummary("The centre's sites and spaces; every missing or inaccessible mandatory space (R16) and location advice (R15); its annexes and mobile units")
            .Produces<CentrePremisesView>().ProducesProblem(StatusCodes.Status404NotFound);
        centre.MapPost("/sites", async (Guid centreId, AddSite command, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(command with { CentreId = centreId }, ct);
                return Results.Created($"/api/premises/centres/{centreId}", view);
            })
            .RequireAuthorization(PlatformPolicies.ManageCentres)
            .WithName("AddSite").WithSummary("Record a site with its spaces and their accessibility")
            .Produces<SiteView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        OutpostEndpoints.Map(premises, centre);
        return app;
    }

    public static Task MigratePremisesAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateModuleAsync<PremisesDbContext>(ct);
}
