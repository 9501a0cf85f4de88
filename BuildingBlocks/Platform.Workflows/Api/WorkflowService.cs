using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Localization;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;
using Platform.Workflows.Queries;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Api;

/// <summary>
/// What the HTTP API does with the runtime, with the role rules of each operation in one place: centre users
/// act within their centre; incidents are for centre heads, supervisors and administrators; migrations for
/// administrators; reminders and their policies for schedulers.
/// </summary>
/// <summary>What a module needs to open an instance of one of its processes for the signed-in user.</summary>
public interface IWorkflowRuntime
{
    /// <summary>Starts <paramref name="definition"/> (its newest version) once per <paramref name="commandId"/>: a retry returns the same instance.</summary>
    Task<InstanceView> StartAsync(string definition, Guid commandId, InstanceScope scope, object data, CancellationToken ct);
}

internal sealed class WorkflowService(
    IGrainFactory grains,
    WorkflowCatalog catalog,
    WorkflowQueries queries,
    WorkflowScope scope,
    WorkflowsDbContext db,
    TimerSchedule schedule,
    ICurrentActor actor,
    WorkflowClock clock,
    IServiceProvider services) : IWorkflowRuntime
{
    private static readonly Bilingual NotFoundTitle = new("Η διαδικασία δεν βρέθηκε.", "The instance was not found.");

    public async Task<InstanceView> ViewAsync(Guid id, bool withJournal, CancellationToken ct)
    {
        var snapshot = await grains.GetGrain<IWorkflowInstanceGrain>(id).Get();
        if (snapshot is null || !await queries.CanSeeAsync(snapshot.Scope.CentreId, ct))
        {
            // another centre's instance is not even confirmed to exist
            throw new NotFoundException(NotFoundTitle);
        }
        return await ViewOfAsync(snapshot, withJournal, ct);
    }

    public async Task<InstanceView> ViewOfAsync(InstanceSnapshot snapshot, bool withJournal, CancellationToken ct)
    {
        var model = catalog.Get(snapshot.Definition, snapshot.DefinitionVersion);
        var now = clock.GetUtcNow();
        var permitted = InstanceViews.PermittedFor(model, snapshot, actor, services, now);
        var journal = withJournal ? await queries.JournalAsync(snapshot.Id, ct) : null;
        return InstanceViews.Build(model, snapshot, permitted, journal, now);
    }

    public async Task<InstanceView> StartAsync(string definition, Guid commandId, InstanceScope scope, object data, CancellationToken ct)
    {
        var id = Derive(commandId, DefinitionNamespace(definition));
        var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(id).Start(new StartInstance(
            commandId, definition, scope, System.Text.Json.JsonSerializer.Serialize(data, WorkflowData.Json), actor.ToWorkflowActor()));
        return await ViewOfAsync(outcome.EnsureSucceeded(), withJournal: true, ct);
    }

    private static Guid DefinitionNamespace(string definition) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("workflow:" + definition))[..16]);

    public async Task<InstanceView> FireAsync(Guid id, string trigger, FireRequest body, CancellationToken ct)
    {
        var commandId = WorkflowEndpoints.RequireCommandId(body.CommandId);
        await ViewAsync(id, withJournal: false, ct); // 404 for what the caller may not see
        var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(id).Fire(new FireTrigger(
            commandId, trigger, body.ExpectedRevision, body.Input is { ValueKind: not System.Text.Json.JsonValueKind.Null and not System.Text.Json.JsonValueKind.Undefined } input ? input.GetRawText() : null,
            actor.ToWorkflowActor(), body.Comment));
        return await ViewOfAsync(outcome.EnsureSucceeded(), withJournal: true, ct);
    }

    public async Task<InstanceView> ResolveIncidentAsync(Guid id, IncidentRequest body, bool retry, CancellationToken ct)
    {
        var commandId = WorkflowEndpoints.RequireCommandId(body.CommandId);
        RequireAnyRole(PlatformRoles.CentreHead, PlatformRoles.Supervisor, PlatformRoles.Administrator);
        await ViewAsync(id, withJournal: false, ct);
        var grain = grains.GetGrain<IWorkflowInstanceGrain>(id);
        var request = new IncidentAction(commandId, actor.ToWorkflowActor(), body.Reason);
        var outcome = retry ? await grain.Retry(request) : await grain.Cancel(request);
        return await ViewOfAsync(outcome.EnsureSucceeded(), withJournal: true, ct);
    }

    public async Task<BulkResult> BulkAsync(BulkIncidentRequest body, bool retry, CancellationToken ct)
    {
        RequireAnyRole(PlatformRoles.CentreHead, PlatformRoles.Supervisor, PlatformRoles.Administrator);
        await scope.EnsureCoversAsync(body.CentreId, retry ? "retry" : "cancel", ct);
        var faulted = await queries.FaultedAsync(ct);
        if (body.InstanceIds is { Count: > 0 } ids) faulted = faulted.Where(i => ids.Contains(i.Id));
        if (body.Definition is { } definition) faulted = faulted.Where(i => i.Definition == definition);
        if (body.CentreId is { } centre) faulted = faulted.Where(i => i.CentreId == centre);
        var targets = await faulted.OrderBy(i => i.Id).Select(i => i.Id).Take(10_000).ToListAsync(ct);

        var refused = new List<Guid>();
        var workflowActor = actor.ToWorkflowActor();
        foreach (var chunk in targets.Chunk(32))
        {
            var outcomes = await Task.WhenAll(chunk.Select(async id =>
            {
                var grain = grains.GetGrain<IWorkflowInstanceGrain>(id);
                var request = new IncidentAction(Guid.CreateVersion7(), workflowActor, body.Reason);
                return (id, outcome: retry ? await grain.Retry(request) : await grain.Cancel(request));
            }));
            refused.AddRange(outcomes.Where(o => !o.outcome.Succeeded).Select(o => o.id));
        }
        return new BulkResult(targets.Count - refused.Count, refused.Count, refused);
    }

    public async Task<BulkResult> MigrateAsync(string name, MigrationRequest body, CancellationToken ct)
    {
        var commandId = WorkflowEndpoints.RequireCommandId(body.CommandId);
        RequireAnyRole(PlatformRoles.Administrator);
        WorkflowEndpoints.Definition(catalog, name, body.FromVersion);
        var target = WorkflowEndpoints.Definition(catalog, name, body.ToVersion);
        var map = body.StateMap ?? [];
        foreach (var (from, to) in map.Where(p => !target.States.ContainsKey(p.Value)))
        {
            throw ValidationFailedException.For($"stateMap.{from}",
                new Bilingual($"Η έκδοση {body.ToVersion} δεν έχει κατάσταση «{to}».", $"Version {body.ToVersion} has no state '{to}'."));
        }

        var running = await db.Instances.AsNoTracking()
            .Where(i => i.Definition == name && i.DefinitionVersion == body.FromVersion && (i.Status == InstanceStatus.Active || i.Status == InstanceStatus.Faulted))
            .Select(i => i.Id).ToListAsync(ct);
        var refused = new List<Guid>();
        var workflowActor = actor.ToWorkflowActor();
        foreach (var chunk in running.Chunk(32))
        {
            var outcomes = await Task.WhenAll(chunk.Select(async id =>
                // one command id per instance, derived from the request's, so re-sending the request migrates nothing twice
                (id, outcome: await grains.GetGrain<IWorkflowInstanceGrain>(id).Migrate(
                    new MigrateInstance(Derive(commandId, id), body.ToVersion, map, workflowActor)))));
            refused.AddRange(outcomes.Where(o => !o.outcome.Succeeded).Select(o => o.id));
        }
        return new BulkResult(running.Count - refused.Count, refused.Count, refused);
    }

    public async Task<DispatchResult> DispatchAsync(Guid? centreId, CancellationToken ct)
    {
        RequireAnyRole(PlatformRoles.Scheduler, PlatformRoles.CentreHead, PlatformRoles.Administrator);
        if (!actor.IsInRole(PlatformRoles.Administrator))
        {
            if (centreId is { } asked && asked != actor.CentreId)
            {
                throw new ForbiddenException(new Bilingual("Μόνο για το δικό σας κέντρο.", "Only for your own centre."));
            }
            centreId = actor.CentreId ?? throw new ForbiddenException(new Bilingual("Δεν ανήκετε σε κέντρο.", "You belong to no centre."));
        }
        ct.ThrowIfCancellationRequested();
        // "now" sends what falls due today (Athens), not only what is already past due
        var endOfToday = BuildingBlocks.Time.GreekTime.AtAthens(BuildingBlocks.Time.GreekTime.Today(clock).AddDays(1), TimeOnly.MinValue);
        return await grains.GetGrain<ITimerDispatcherGrain>(0).DispatchDue(centreId, endOfToday, actor.UserName);
    }

    public async Task<InstanceView> RescheduleAsync(Guid id, string name, RescheduleRequest body, CancellationToken ct)
    {
        var commandId = WorkflowEndpoints.RequireCommandId(body.CommandId);
        RequireAnyRole(PlatformRoles.Scheduler, PlatformRoles.CentreHead, PlatformRoles.Caseworker);
        var errors = new Dictionary<string, Bilingual[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            errors["reason"] = [new Bilingual("Γράψτε τον λόγο (έως 500 χαρακτήρες).", "Give the reason (up to 500 characters).")];
        }
        var now = clock.GetUtcNow();
        DateTimeOffset? dueAt = body.DueAt ?? (body.SnoozeFor is { } snooze ? now + snooze : null);
        if ((body.DueAt is null) == (body.SnoozeFor is null))
        {
            errors["dueAt"] = [new Bilingual("Δώστε ή νέα ημερομηνία (dueAt) ή αναβολή (snoozeFor), όχι και τα δύο.", "Give either a new date (dueAt) or a snooze (snoozeFor), not both.")];
        }
        else if (dueAt <= now || dueAt > now.AddYears(2))
        {
            errors[body.DueAt is null ? "snoozeFor" : "dueAt"] = [new Bilingual("Η νέα ημερομηνία πρέπει να είναι μελλοντική και εντός διετίας.", "The new time must be in the future and within two years.")];
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var view = await ViewAsync(id, withJournal: false, ct);
        if (view.CentreId != actor.CentreId)
        {
            throw new ForbiddenException(new Bilingual("Η διαδικασία ανήκει σε άλλο κέντρο.", "The instance belongs to another centre."));
        }
        var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(id).Reschedule(
            new RescheduleTimer(commandId, name, dueAt!.Value, body.Reason!.Trim(), actor.ToWorkflowActor()));
        return await ViewOfAsync(outcome.EnsureSucceeded(), withJournal: true, ct);
    }

    /// <summary>
    /// "Send this one now" (a scheduler, or the centre head): the pending timer fires at once, as if it fell due;
    /// its id is the command, so sending it twice (or the dispatcher meeting it) fires it once; a repeating
    /// reminder re-armed since has a new id and is not sent by a second click.
    /// </summary>
    public async Task<InstanceView> SendTimerNowAsync(Guid id, string name, SendTimerRequest body, CancellationToken ct)
    {
        if (body.TimerId is not { } timerId || timerId == Guid.Empty)
        {
            throw ValidationFailedException.For("timerId", new Bilingual("Δώστε το αναγνωριστικό της υπενθύμισης (timerId).", "Give the reminder's id (timerId)."));
        }
        RequireAnyRole(PlatformRoles.Scheduler, PlatformRoles.CentreHead);
        var snapshot = await grains.GetGrain<IWorkflowInstanceGrain>(id).Get();
        if (snapshot is null || !await queries.CanSeeAsync(snapshot.Scope.CentreId, ct))
        {
            throw new NotFoundException(NotFoundTitle);
        }
        var timer = snapshot.Timers.FirstOrDefault(t => t.Name == name && t.Id == timerId)
            ?? throw new NotFoundException(new Bilingual("Η υπενθύμιση δεν εκκρεμεί πια (στάλθηκε ή η κατάσταση άλλαξε).",
                "The reminder is no longer pending (it was sent or the state changed)."));
        var outcome = await grains.GetGrain<IWorkflowInstanceGrain>(id).SendTimerNow(timer.Id, actor.UserName);
        return await ViewOfAsync(outcome.EnsureSucceeded(), withJournal: true, ct);
    }

    public async Task<TimerPolicyView> SetPolicyAsync(string definition, string timer, string policyKey, TimerPolicyRequest body, CancellationToken ct)
    {
        RequireAnyRole(PlatformRoles.Scheduler, PlatformRoles.Administrator);
        var model = catalog.Latest(definition)?.Model
            ?? throw new NotFoundException(new Bilingual("Η διαδικασία δεν βρέθηκε.", "The process was not found."));
        var timerModel = model.States.Values.SelectMany(s => s.Timers).FirstOrDefault(t => t.Name == timer);
        var errors = new Dictionary<string, Bilingual[]>(StringComparer.Ordinal);
        if (timerModel is null)
        {
            errors["timer"] = [new Bilingual($"Η διαδικασία δεν έχει υπενθύμιση «{timer}».", $"The process has no timer '{timer}'.")];
        }
        else if (timerModel.At is not null)
        {
            errors["timer"] = [new Bilingual("Η υπενθύμιση αυτή ορίζεται από ημερομηνία, όχι από διάστημα.", "This timer is set by a date, not an interval.")];
        }
        var minutes = ((body.AfterDays ?? 0) * 24 * 60) + ((body.AfterHours ?? 0) * 60);
        if (body.AfterDays is < 0 or > 3650 || body.AfterHours is < 0 or > 24 * 3650 || minutes < 60)
        {
            errors["afterDays"] = [new Bilingual("Το διάστημα πρέπει να είναι από 1 ώρα έως 10 έτη.", "The interval must be between 1 hour and 10 years.")];
        }
        if ((body.QuietFrom is null) != (body.QuietUntil is null))
        {
            errors["quietUntil"] = [new Bilingual("Οι ώρες ησυχίας θέλουν αρχή και τέλος.", "Quiet hours need a start and an end.")];
        }
        if (policyKey.Length is 0 or > 100)
        {
            errors["policyKey"] = [new Bilingual("Μη έγκυρο κλειδί πολιτικής.", "Invalid policy key.")];
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var row = await db.TimerPolicies.FindAsync([definition, timer, policyKey], ct);
        if (row is null)
        {
            row = new TimerPolicyRow { Definition = definition, Timer = timer, PolicyKey = policyKey, UpdatedBy = actor.UserName };
            db.TimerPolicies.Add(row);
        }
        row.AfterMinutes = minutes;
        row.WorkingDaysOnly = body.WorkingDaysOnly;
        row.QuietFrom = body.QuietFrom;
        row.QuietUntil = body.QuietUntil;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        schedule.Invalidate();
        return new TimerPolicyView(row.Definition, row.Timer, row.PolicyKey, row.AfterMinutes / 60.0, row.WorkingDaysOnly, row.QuietFrom, row.QuietUntil, row.UpdatedAt, row.UpdatedBy);
    }

    private void RequireAnyRole(params string[] roles)
    {
        if (!roles.Any(actor.IsInRole))
        {
            throw new ForbiddenException(new Bilingual("Ο ρόλος σας δεν επιτρέπει αυτή την ενέργεια.", "Your role does not allow this."));
        }
    }

    private static Guid Derive(Guid commandId, Guid instanceId)
    {
        Span<byte> bytes = stackalloc byte[32];
        commandId.TryWriteBytes(bytes[..16]);
        instanceId.TryWriteBytes(bytes[16..]);
        return new Guid(System.Security.Cryptography.SHA256.HashData(bytes)[..16]);
    }
}
