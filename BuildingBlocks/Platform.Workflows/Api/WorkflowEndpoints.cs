using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Localization;
using Platform.BuildingBlocks.Paging;
using Platform.Workflows.Definitions;
using Platform.Workflows.Diagrams;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;
using Platform.Workflows.Queries;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Api;

public sealed record FireRequest(Guid? CommandId, int? ExpectedRevision, JsonElement? Input, string? Comment);

public sealed record IncidentRequest(Guid? CommandId, string? Reason);

public sealed record BulkIncidentRequest(IReadOnlyList<Guid>? InstanceIds, string? Definition, Guid? CentreId, string? Reason);

public sealed record BulkResult(int Done, int Refused, IReadOnlyList<Guid> RefusedIds);

public sealed record MigrationRequest(Guid? CommandId, int FromVersion, int ToVersion, Dictionary<string, string>? StateMap);

public sealed record RescheduleRequest(Guid? CommandId, DateTimeOffset? DueAt, TimeSpan? SnoozeFor, string? Reason);

public sealed record DispatchRequest(Guid? CentreId);

public sealed record TimerPolicyRequest(int? AfterDays, int? AfterHours, bool WorkingDaysOnly, TimeOnly? QuietFrom, TimeOnly? QuietUntil);

public sealed record TimerPolicyView(string Definition, string Timer, string PolicyKey, double AfterHours, bool WorkingDaysOnly,
    TimeOnly? QuietFrom, TimeOnly? QuietUntil, DateTimeOffset UpdatedAt, string UpdatedBy);

public sealed record DefinitionView(string Name, int Version, string Title, bool Latest, string InitialState,
    IReadOnlyList<DefinitionStateView> States, IReadOnlyList<DefinitionTriggerView> Triggers);

public sealed record DefinitionStateView(string Name, string Title, bool Final, string? TaskRole, double? TaskDueHours,
    IReadOnlyList<DefinitionTimerView> Timers, IReadOnlyList<string> Triggers);

public sealed record DefinitionTimerView(string Name, string Title, string Trigger, double? AfterHours, bool Repeat);

public sealed record DefinitionTriggerView(string Name, string Title, IReadOnlyList<string> Roles, bool SystemOnly);

/// <summary>/api/workflows: definitions and diagrams, instances and their journals, triggers, incidents, migrations, timers and their policies.</summary>
public static class WorkflowEndpoints
{
    private static readonly Bilingual NeedsCommandId = new("Απαιτείται αναγνωριστικό εντολής (commandId).", "A command id (commandId) is required.");

    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(PlatformPolicies.ReadWorkflows);

        api.MapGet("/definitions", (WorkflowCatalog catalog) =>
            Results.Ok(catalog.All.Select(d => Describe(d.Model, catalog.Latest(d.Name)?.Version == d.Version))))
            .WithName("ListWorkflowDefinitions").WithSummary("Every process and version this host runs").Produces<IEnumerable<DefinitionView>>();

        api.MapGet("/definitions/{name}/{version:int}/diagram.svg", async (string name, int version, WorkflowCatalog catalog, CancellationToken ct) =>
            Svg(await DiagramRenderer.SvgAsync(DiagramRenderer.Dot(Definition(catalog, name, version), null, CultureInfo.CurrentUICulture), ct)))
            .WithName("GetWorkflowDiagram").WithSummary("The definition as an SVG diagram (Graphviz)");

        api.MapGet("/instances", async ([AsParameters] InstanceQuery q, WorkflowQueries queries, ICurrentActor actor, CancellationToken ct) =>
            Results.Ok(await queries.ListAsync(q.ToFilter(), actor, ct)))
            .WithName("ListWorkflowInstances").WithSummary("Instances by process, state, status, open (active or faulted), centre, person, role expected to act, overdue; sort=oldest (longest in state first); paged")
            .Produces<Page<InstanceListItem>>();

        api.MapGet("/instances/counts", async (WorkflowQueries queries, ICurrentActor actor, CancellationToken ct) =>
            Results.Ok(await queries.CountsAsync(actor, ct)))
            .WithName("CountWorkflowInstances").WithSummary("Instances per process, centre, state and status, with overdue counts and average time in state")
            .Produces<IReadOnlyList<StateCount>>();

        api.MapGet("/instances/{id:guid}", async (Guid id, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.ViewAsync(id, withJournal: true, ct)))
            .WithName("GetWorkflowInstance").WithSummary("One instance: state, task, timers, the triggers you may fire now, and its journal")
            .Produces<InstanceView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/instances/{id:guid}/journal", async (Guid id, WorkflowService service, WorkflowQueries queries, CancellationToken ct) =>
            {
                await service.ViewAsync(id, withJournal: false, ct);
                return Results.Ok(await queries.JournalAsync(id, ct));
            })
            .WithName("GetWorkflowJournal").WithSummary("Every step of one instance: who, when, from, to, trigger, input, comment")
            .Produces<IReadOnlyList<JournalEntry>>();

        api.MapGet("/instances/{id:guid}/diagram.svg", async (Guid id, WorkflowService service, WorkflowCatalog catalog, CancellationToken ct) =>
            {
                var view = await service.ViewAsync(id, withJournal: false, ct);
                var dot = DiagramRenderer.Dot(catalog.Get(view.Definition, view.DefinitionVersion), view.State, CultureInfo.CurrentUICulture);
                return Svg(await DiagramRenderer.SvgAsync(dot, ct));
            })
            .WithName("GetWorkflowInstanceDiagram").WithSummary("The instance's definition as SVG with its current state marked");

        api.MapPost("/instances/{id:guid}/triggers/{trigger}", async (Guid id, string trigger, FireRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.FireAsync(id, trigger, body, ct)))
            .WithName("FireWorkflowTrigger").WithSummary("Fire a trigger (commandId makes it idempotent; expectedRevision guards against stale screens)")
            .Produces<InstanceView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/instances/{id:guid}/retry", async (Guid id, IncidentRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.ResolveIncidentAsync(id, body, retry: true, ct)))
            .WithName("RetryWorkflowIncident").WithSummary("Run the failed step of an incident again");

        api.MapPost("/instances/{id:guid}/cancel", async (Guid id, IncidentRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.ResolveIncidentAsync(id, body, retry: false, ct)))
            .WithName("CancelWorkflowInstance").WithSummary("Cancel an instance (an incident that cannot be fixed, say)");

        api.MapPost("/incidents/retry", async (BulkIncidentRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.BulkAsync(body, retry: true, ct)))
            .WithName("RetryWorkflowIncidents").WithSummary("Retry incidents in bulk: the given ids, or every faulted instance of a process/centre");

        api.MapPost("/incidents/cancel", async (BulkIncidentRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.BulkAsync(body, retry: false, ct)))
            .WithName("CancelWorkflowIncidents").WithSummary("Cancel faulted instances in bulk");

        WorkflowOversight.Map(api);

        api.MapPost("/definitions/{name}/migrations", async (string name, MigrationRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.MigrateAsync(name, body, ct)))
            .WithName("MigrateWorkflowInstances").WithSummary("Move every running instance of one version to another by a state mapping; no step runs again");

        api.MapGet("/timers", async (Guid? centreId, int? days, WorkflowQueries queries, ICurrentActor actor, WorkflowClock clock, CancellationToken ct) =>
            Results.Ok(await queries.DueTimersAsync(centreId, clock.GetUtcNow().AddDays(Math.Clamp(days ?? 7, 0, 366)), actor, 1000, ct)))
            .WithName("ListDueWorkflowTimers").WithSummary("Reminders falling due within the coming days (7 by default), overdue ones first")
            .Produces<IReadOnlyList<DueTimer>>();

        api.MapPost("/timers/dispatch", async (DispatchRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.DispatchAsync(body.CentreId, ct)))
            .WithName("DispatchDueWorkflowTimers").WithSummary("Send now every reminder of a centre that falls due today (Athens time), instead of at its hour");

        api.MapPost("/instances/{id:guid}/timers/{name}/reschedule", async (Guid id, string name, RescheduleRequest body, WorkflowService service, CancellationToken ct) =>
            Results.Ok(await service.RescheduleAsync(id, name, body, ct)))
            .WithName("RescheduleWorkflowTimer").WithSummary("Snooze (snoozeFor) or reschedule (dueAt) one reminder, with a reason that is journaled");

        api.MapGet("/policies", async (WorkflowsDbContext db, CancellationToken ct) =>
            Results.Ok(await db.TimerPolicies.AsNoTracking().OrderBy(p => p.Definition).ThenBy(p => p.Timer).ThenBy(p => p.PolicyKey)
                .Select(p => new TimerPolicyView(p.Definition, p.Timer, p.PolicyKey, p.AfterMinutes / 60.0, p.WorkingDaysOnly, p.QuietFrom, p.QuietUntil, p.UpdatedAt, p.UpdatedBy))
                .ToListAsync(ct)))
            .WithName("ListTimerPolicies").WithSummary("The follow-up policies schedulers set (intervals, working days, quiet hours)");

        api.MapPut("/policies/{definition}/{timer}/{policyKey}", async (string definition, string timer, string policyKey, TimerPolicyRequest body,
                WorkflowService service, CancellationToken ct) => Results.Ok(await service.SetPolicyAsync(definition, timer, policyKey, body, ct)))
            .WithName("SetTimerPolicy").WithSummary("Set one timer's interval and rules for a process and a policy key (a target kind, or * for all)");

        return app;
    }

    internal static Guid RequireCommandId(Guid? commandId) =>
        commandId is { } id && id != Guid.Empty ? id : throw ValidationFailedException.For("commandId", NeedsCommandId);

    internal static DefinitionModel Definition(WorkflowCatalog catalog, string name, int version) =>
        catalog.Find(name, version)?.Model ?? throw new NotFoundException(new Bilingual("Η διαδικασία δεν βρέθηκε.", "The process was not found."));

    private static IResult Svg(string svg) => Results.Text(svg, "image/svg+xml; charset=utf-8");

    private static DefinitionView Describe(DefinitionModel m, bool latest)
    {
        var culture = CultureInfo.CurrentUICulture;
        return new DefinitionView(m.Name, m.Version, m.Title.For(culture), latest, m.InitialState,
            [.. m.States.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new DefinitionStateView(s.Name, s.Title.For(culture), s.IsFinal,
                s.Task?.Role, s.Task?.DueAfter?.TotalHours,
                [.. s.Timers.Select(t => new DefinitionTimerView(t.Name, t.Title.For(culture), t.Trigger, t.After?.TotalHours, t.Repeat))],
                [.. s.Transitions.Keys.Order(StringComparer.Ordinal)]))],
            [.. m.Triggers.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new DefinitionTriggerView(t.Name, t.Title.For(culture), [.. t.Roles.Order(StringComparer.Ordinal)], t.SystemOnly))]);
    }

    internal sealed record InstanceQuery(string? Definition, string? State, string? Status, Guid? CentreId, Guid? SubjectId, string? TaskRole,
        bool? Overdue, bool? NeedsAttention, int? Page, int? PageSize, bool? Open, string? Sort)
    {
        public InstanceFilter ToFilter()
        {
            if (Page is > Page<object>.MaxPageNumber or < 1)
            {
                throw ValidationFailedException.For("page", new Bilingual($"Η σελίδα πρέπει να είναι από 1 έως {Page<object>.MaxPageNumber}.", $"The page must be 1 to {Page<object>.MaxPageNumber}."));
            }
            if (Sort is not null && Sort != InstanceFilter.SortOldest)
            {
                throw ValidationFailedException.For("sort", new Bilingual("Ταξινόμηση: μόνο «oldest».", "Sort: only 'oldest'."));
            }
            return new InstanceFilter(Definition, State, Status, CentreId, SubjectId, TaskRole, Overdue, NeedsAttention, Page ?? 1, PageSize ?? 50, Open, Sort);
        }
    }
}
