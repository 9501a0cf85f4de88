using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Referrals.Capacity;
using Platform.Referrals.Features;
using Platform.Referrals.Processes;
using Platform.Workflows;
using Platform.Workflows.Api;
using Platform.Workflows.Outbox;

namespace Platform.Referrals;

/// <summary>The Referrals module (R6, R10): referrals, follow-up plans and assisted applications, as workflows.</summary>
public static class ReferralsModule
{
    public static IServiceCollection AddReferralsModule(this IServiceCollection services)
    {
        services.AddWorkflowDefinition<ReferralProcess>();
        services.AddWorkflowDefinition<FollowUpPlanProcess>();
        services.AddWorkflowDefinition<AssistedApplicationProcess>();
        services.AddScoped<IWorkflowEventHandler, PlaceReleasedHandler>();
        services.AddScoped<IWorkflowEventHandler, Centres.CentreWorkloadHandler>();
        services.AddScoped<Registries.Contracts.ICentreWorkloadSource, Centres.ReferralWorkloadSource>();
        services.AddScoped<Supervision.Contracts.IAnnualReportContributor, Centres.ReferralsReportContributor>();
        services.AddScoped<StartProcesses>();
        return services;
    }

    public static IEndpointRouteBuilder MapReferralsModule(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/referrals").WithTags("Referrals");
        api.MapPost("/", async (CreateReferralRequest body, StartProcesses start, CancellationToken ct) =>
            {
                var view = await start.ReferAsync(body, ct);
                return Results.Created($"/api/workflows/instances/{view.Id}", view);
            })
            .WithName("CreateReferral").WithSummary("Refer a beneficiary of your centre to a programme or a body (R10); the referral starts as a draft")
            .Produces<InstanceView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/follow-up-plans", async (StartFollowUpPlanRequest body, StartProcesses start, Platform.Workflows.Timers.WorkflowClock clock, CancellationToken ct) =>
            {
                var view = await start.PlanAsync(body, clock, ct);
                return Results.Created($"/api/workflows/instances/{view.Id}", view);
            })
            .WithName("StartFollowUpPlan").WithSummary("Start a beneficiary's follow-up plan with periodic reviews (R6)")
            .Produces<InstanceView>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapPost("/assisted-applications", async (StartAssistedApplicationRequest body, StartProcesses start, CancellationToken ct) =>
            {
                var view = await start.ApplyAsync(body, ct);
                return Results.Created($"/api/workflows/instances/{view.Id}", view);
            })
            .WithName("StartAssistedApplication").WithSummary("Start an application filed for the person on a national platform (ΚΕΑ when no programme is given)")
            .Produces<InstanceView>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapGet("/structures/{structureId:guid}/capacity", async (Guid structureId, IGrainFactory grains) =>
                Results.Ok(await grains.GetGrain<IStructureCapacityGrain>(structureId).GetFigures()))
            .WithName("GetStructureCapacity").WithSummary("Live places of a structure with capacity: taken, free, waiting")
            .Produces<CapacityFigures>();
        return app;
    }
}
