using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Paging;
using Platform.Workflows.Queries;

namespace Platform.Workflows.Api;

/// <summary>The timer as the screen showed it: a repeating reminder re-armed since has another id, so a second click sends nothing.</summary>
public sealed record SendTimerRequest(Guid? TimerId);

/// <summary>The caseworker's inbox and the scheduler's "send this reminder now" (issue 4; reminders land in the inbox, issue 3).</summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(PlatformPolicies.ReadWorkflows);

        api.MapGet("/inbox", async (int? page, int? pageSize, WorkflowInbox inbox, ICurrentActor actor, CancellationToken ct) =>
            {
                if (page is > Page<object>.MaxPageNumber or < 1)
                {
                    throw ValidationFailedException.For("page", new Bilingual(
                        $"Η σελίδα πρέπει να είναι από 1 έως {Page<object>.MaxPageNumber}.", $"The page must be 1 to {Page<object>.MaxPageNumber}."));
                }
                return Results.Ok(await inbox.ForAsync(actor, page ?? 1, pageSize ?? 50, ct));
            })
            .RequireAuthorization(PlatformPolicies.WorkCases)
            .WithName("GetWorkflowInbox")
            .WithSummary("My tasks: my centre's active instances waiting on one of my roles or with a reminder that landed; counts and one page, overdue first")
            .Produces<Inbox>();

        api.MapPost("/instances/{id:guid}/timers/{name}/send", async (Guid id, string name, SendTimerRequest body, WorkflowService service, CancellationToken ct) =>
                Results.Ok(await service.SendTimerNowAsync(id, name, body, ct)))
            .RequireAuthorization(PlatformPolicies.ScheduleFollowUps)
            .WithName("SendWorkflowTimerNow").WithSummary("Send one pending reminder now instead of at its due time (it fires once, as if it fell due)")
            .Produces<InstanceView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
