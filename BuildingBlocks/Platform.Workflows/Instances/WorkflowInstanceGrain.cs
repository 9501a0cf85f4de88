using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Identity;
using Platform.Workflows.Definitions;
using Platform.Workflows.Outbox;
using Platform.Workflows.Persistence;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Instances;

/// <summary>
/// The runtime's heart: validates a step (command id, revision, role, centre, state, input, guard), runs its
/// action, fires the Stateless machine, and commits state + journal + read model + timers + outbox in one
/// transaction. Only after the commit does memory change, so a failed commit leaves the grain as it was.
/// </summary>
internal sealed partial class WorkflowInstanceGrain(
    InstanceStore store,
    WorkflowCatalog catalog,
    TimerSchedule schedule,
    OutboxSignal outbox,
    WorkflowClock clock,
    IServiceProvider services,
    ILogger<WorkflowInstanceGrain> logger) : Grain, IWorkflowInstanceGrain
{
    private LoadedInstance? _instance;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _instance = await store.LoadAsync(Id, cancellationToken);

    public Task<InstanceSnapshot?> Get() => Task.FromResult(_instance is null ? null : Snapshot(_instance));

    public async Task<StepOutcome> Start(StartInstance request)
    {
        var hash = Hash("start", request.Definition, request.Scope.ToString(), request.DataJson);
        if (_instance is not null)
        {
            return _instance.Commands.TryGetValue(request.CommandId, out var applied) && applied.Hash == hash
                ? new StepOutcome(StepStatus.Duplicate, Snapshot(_instance))
                : Refuse(StepStatus.Conflict, "instance-exists",
                    "Υπάρχει ήδη διαδικασία με αυτό το αναγνωριστικό.", "An instance with this id already exists.");
        }
        if (catalog.Latest(request.Definition) is not { } definition)
        {
            return Refuse(StepStatus.NotFound, "definition-not-found", "Άγνωστη διαδικασία.", "Unknown process.");
        }

        var model = definition.Model;
        var now = clock.GetUtcNow();
        var data = WorkflowData.Parse(request.DataJson);
        var row = new InstanceRow
        {
            Id = Id,
            Definition = model.Name,
            DefinitionVersion = model.Version,
            State = model.InitialState,
            Status = InstanceStatus.Active,
            Revision = 1,
            CentreId = request.Scope.CentreId,
            SubjectId = request.Scope.SubjectId,
            PolicyKey = request.Scope.PolicyKey,
            Data = data.ToString(),
            StateEnteredAt = now,
            CreatedAt = now,
            CreatedBy = request.Actor.UserName,
            UpdatedAt = now,
        };
        SetTask(row, model.State(model.InitialState), reassigned: null, now);
        var timers = await ArmAsync(model, model.State(model.InitialState), row, data, now);
        var journal = Journal(row, JournalKinds.Started, null, null, model.InitialState, request.Actor, request.CommandId, hash, request.DataJson, request.Comment, now);
        return await CommitAsync(new StepWrite(row, IsNew: true, journal, [], timers, StateChanged(model, row, from: null, now)));
    }

    public async Task<StepOutcome> Fire(FireTrigger request)
    {
        if (_instance is null)
        {
            return NotFound();
        }
        var hash = Hash("fire", request.Trigger, request.InputJson ?? "");
        if (Replayed(request.CommandId, hash) is { } replay)
        {
            return replay;
        }
        if (request.ExpectedRevision is { } expected && expected != _instance.Row.Revision)
        {
            return Refuse(StepStatus.Conflict, "stale-revision",
                $"Η διαδικασία άλλαξε στο μεταξύ (έκδοση {_instance.Row.Revision}, όχι {expected}).",
                $"The instance changed meanwhile (revision {_instance.Row.Revision}, not {expected}).");
        }
        if (ClosedOrFaulted() is { } refusal)
        {
            return refusal;
        }

        var model = catalog.Get(_instance.Row.Definition, _instance.Row.DefinitionVersion);
        if (!model.Triggers.TryGetValue(request.Trigger, out var trigger))
        {
            return Refuse(StepStatus.Conflict, "unknown-trigger", $"Άγνωστη ενέργεια «{request.Trigger}».", $"Unknown trigger '{request.Trigger}'.");
        }
        if (Authorise(trigger, request.Actor) is { } forbidden)
        {
            return forbidden;
        }
        if (!model.State(_instance.Row.State).Transitions.ContainsKey(trigger.Name))
        {
            return Refuse(StepStatus.Conflict, "trigger-not-permitted",
                $"Η ενέργεια «{trigger.Title.Greek}» δεν επιτρέπεται στην κατάσταση «{model.State(_instance.Row.State).Title.Greek}».",
                $"'{trigger.Title.English}' is not allowed in state '{model.State(_instance.Row.State).Title.English}'.");
        }

        var (input, errors) = await ReadInputAsync(trigger, request.InputJson);
        if (errors is not null)
        {
            return new StepOutcome(StepStatus.Invalid, null, "validation-failed", "Τα στοιχεία της ενέργειας δεν είναι έγκυρα.",
                "The trigger's input is not valid.", errors);
        }
        return await StepAsync(model, trigger, input, request.Actor, request.CommandId, hash, request.InputJson, request.Comment, timer: null);
    }

    public Task<StepOutcome> FireTimer(Guid timerId) => FireTimerAsync(timerId, comment: null);

    // the trigger stays the system's (timers' triggers are system-only); who pressed "send now" is the journal's comment
    public Task<StepOutcome> SendTimerNow(Guid timerId, string sentBy) => FireTimerAsync(timerId, $"sent now by {sentBy}");

    private async Task<StepOutcome> FireTimerAsync(Guid timerId, string? comment)
    {
        if (_instance is null)
        {
            return NotFound();
        }
        if (_instance.Commands.ContainsKey(timerId))
        {
            return new StepOutcome(StepStatus.Duplicate, Snapshot(_instance));
        }
        var timer = _instance.Timers.Find(t => t.Id == timerId);
        if (timer is null)
        {
            // already fired, or its state was left: either way nothing is due
            return new StepOutcome(StepStatus.Duplicate, Snapshot(_instance));
        }
        if (ClosedOrFaulted() is { } refusal)
        {
            return refusal;
        }
        var model = catalog.Get(_instance.Row.Definition, _instance.Row.DefinitionVersion);
        var trigger = model.Triggers[timer.Trigger];
        return await StepAsync(model, trigger, input: null, WorkflowActor.System, timerId, Hash("timer", timer.Name), null, comment, timer);
    }

    public async Task<StepOutcome> Retry(IncidentAction request)
    {
        if (_instance is null)
        {
            return NotFound();
        }
        var hash = Hash("retry");
        if (Replayed(request.CommandId, hash) is { } replay)
        {
            return replay;
        }
        var row = _instance.Row;
        if (row.Status != InstanceStatus.Faulted || row.IncidentTrigger is null)
        {
            return Refuse(StepStatus.Conflict, "no-incident", "Η διαδικασία δεν έχει σφάλμα για επανάληψη.", "The instance has no incident to retry.");
        }
        var model = catalog.Get(row.Definition, row.DefinitionVersion);
        var trigger = model.Triggers[row.IncidentTrigger];
        var actor = row.IncidentActor is { } json ? JsonSerializer.Deserialize<WorkflowActor>(json, WorkflowData.Json)! : request.Actor;
        var (input, errors) = await ReadInputAsync(trigger, row.IncidentInput);
        if (errors is not null)
        {
            return new StepOutcome(StepStatus.Invalid, null, "validation-failed", "Τα στοιχεία της ενέργειας δεν είναι πια έγκυρα.",
                "The trigger's input is no longer valid.", errors);
        }
        var timer = row.IncidentCommandId is { } commandId ? _instance.Timers.Find(t => t.Id == commandId) : null;
        return await StepAsync(model, trigger, input, actor, request.CommandId, hash, row.IncidentInput,
            $"retry by {request.Actor.UserName}", timer, retrying: true);
    }

    public async Task<StepOutcome> Cancel(IncidentAction request)
    {
        if (_instance is null)
        {
            return NotFound();
        }
        var hash = Hash("cancel");
        if (Replayed(request.CommandId, hash) is { } replay)
        {
            return replay;
        }
        if (_instance.Row.Status is InstanceStatus.Completed or InstanceStatus.Cancelled)
        {
            return Refuse(StepStatus.Conflict, "instance-closed", "Η διαδικασία έχει ήδη κλείσει.", "The instance is already closed.");
        }
        var now = clock.GetUtcNow();
        var row = Copy(_instance.Row);
        row.Status = InstanceStatus.Cancelled;
        row.Revision++;
        row.UpdatedAt = now;
        row.CompletedAt = now;
        row.TaskRole = null;
        row.TaskDueAt = null;
        row.Attention = null;
        row.AttentionAt = null;
        ClearIncident(row);
        var journal = Journal(row, JournalKinds.Cancelled, null, row.State, row.State, request.Actor, request.CommandId, hash, null, request.Reason, now);
        var model = catalog.Get(row.Definition, row.DefinitionVersion);
        return await CommitAsync(new StepWrite(row, IsNew: false, journal, [.. _instance.Timers.Select(t => t.Id)], [], StateChanged(model, row, row.State, now)));
    }

    public async Task<StepOutcome> Migrate(MigrateInstance request)
    {
        if (_instance is null)
        {
            return NotFound();
        }
        var hash = Hash("migrate", request.ToVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join(";", request.StateMap.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
        if (Replayed(request.CommandId, hash) is { } replay)
        {
            return replay;
        }
        var row = Copy(_instance.Row);
        if (catalog.Find(row.Definition, request.ToVersion)?.Model is not { } target)
        {
            return Refuse(StepStatus.NotFound, "version-not-found", $"Δεν υπάρχει η έκδοση {request.ToVersion}.", $"Version {request.ToVersion} does not exist.");
        }
        if (request.ToVersion == row.DefinitionVersion)
        {
            return new StepOutcome(StepStatus.Duplicate, Snapshot(_instance));
        }
        var toState = request.StateMap.TryGetValue(row.State, out var mapped) ? mapped : row.State;
        if (!target.States.TryGetValue(toState, out var newState))
        {
            return Refuse(StepStatus.Conflict, "state-not-mapped",
                $"Η κατάσταση «{row.State}» δεν αντιστοιχεί σε κατάσταση της έκδοσης {request.ToVersion}.",
                $"State '{row.State}' maps to no state of version {request.ToVersion}.");
        }

        var now = clock.GetUtcNow();
        var fromState = row.State;
        row.DefinitionVersion = request.ToVersion;
        row.State = toState;
        row.Revision++;
        row.UpdatedAt = now;
        if (toState != fromState)
        {
            row.StateEnteredAt = now;
        }
        SetTask(row, newState, reassigned: null, now, keepDue: toState == fromState);

        // Timers the new state still has keep their due time; timers it no longer has go; new ones start now.
        // No action runs: steps already done are not done again.
        var keep = _instance.Timers.Where(t => newState.Timers.Any(m => m.Name == t.Name && m.Trigger == t.Trigger)).ToList();
        var removed = _instance.Timers.Except(keep).Select(t => t.Id).ToList();
        var data = WorkflowData.Parse(row.Data);
        var added = new List<TimerRow>();
        foreach (var timer in newState.Timers.Where(m => keep.All(t => t.Name != m.Name)))
        {
            if (await schedule.DueAtAsync(row.Definition, timer, ScopeOf(row), data, now) is { } due)
            {
                added.Add(NewTimer(row, timer, due, now));
            }
        }
        foreach (var kept in keep)
        {
            removed.Add(kept.Id);
            added.Add(new TimerRow
            {
                Id = kept.Id, InstanceId = kept.InstanceId, Name = kept.Name, Trigger = kept.Trigger, State = toState,
                Definition = kept.Definition, DueAt = kept.DueAt, CentreId = kept.CentreId, CreatedAt = kept.CreatedAt, Note = kept.Note,
            });
        }
        var journal = Journal(row, JournalKinds.Migrated, null, fromState, toState, request.Actor, request.CommandId, hash,
            JsonSerializer.Serialize(new { fromVersion = _instance.Row.DefinitionVersion, toVersion = request.ToVersion }, WorkflowData.Json), null, now);
        return await CommitAsync(new StepWrite(row, IsNew: false, journal, removed, added, []));
    }

    public async Task<StepOutcome> Reschedule(RescheduleTimer request)
    {
        if (_instance is null)
        {
            return NotFound();
        }
        var hash = Hash("reschedule", request.TimerName, request.DueAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Reason);
        if (Replayed(request.CommandId, hash) is { } replay)
        {
            return replay;
        }
        var timer = _instance.Timers.Find(t => t.Name == request.TimerName);
        if (timer is null)
        {
            return Refuse(StepStatus.NotFound, "timer-not-found", "Δεν υπάρχει εκκρεμής υπενθύμιση με αυτό το όνομα.", "No pending reminder by that name.");
        }
        var now = clock.GetUtcNow();
        var row = Copy(_instance.Row);
        row.Revision++;
        row.UpdatedAt = now;
        var moved = new TimerRow
        {
            Id = Guid.CreateVersion7(now), InstanceId = timer.InstanceId, Name = timer.Name, Trigger = timer.Trigger, State = timer.State,
            Definition = timer.Definition, DueAt = request.DueAt, CentreId = timer.CentreId, CreatedAt = now, Note = request.Reason,
        };
        var journal = Journal(row, JournalKinds.Rescheduled, timer.Trigger, row.State, row.State, request.Actor, request.CommandId, hash,
            JsonSerializer.Serialize(new { timer = timer.Name, from = timer.DueAt, to = request.DueAt }, WorkflowData.Json), request.Reason, now);
        return await CommitAsync(new StepWrite(row, IsNew: false, journal, [timer.Id], [moved], []));
    }

    /// <summary>One step: guard, action (a failure becomes an incident), transition, commit.</summary>
    private async Task<StepOutcome> StepAsync(
        DefinitionModel model, TriggerModel trigger, object? input, WorkflowActor actor, Guid commandId, string hash,
        string? inputJson, string? comment, TimerRow? timer, bool retrying = false)
    {
        var current = _instance!.Row;
        var now = clock.GetUtcNow();
        var data = WorkflowData.Parse(current.Data);
        var context = new StepContext(current.Id, current.Definition, current.State, data, actor, input, now, services, ScopeOf(current))
        {
            Comment = comment,
        };

        if (trigger.Guard?.Invoke(context) is { } refusal)
        {
            if (timer is not null)
            {
                // a timer whose guard says no is spent: journal it and drop the timer, so it is not fired again
                return await CommitSpentTimerAsync(timer, refusal, now);
            }
            return Refuse(StepStatus.Conflict, refusal.Code, refusal.Message.Greek, refusal.Message.English);
        }

        try
        {
            if (trigger.Action is { } action)
            {
                await action(context, CancellationToken.None);
            }
        }
        catch (StepRefusedException refused)
        {
            if (timer is not null)
            {
                return await CommitSpentTimerAsync(timer, refused.Refusal, now);
            }
            return Refuse(StepStatus.Conflict, refused.Refusal.Code, refused.Refusal.Message.Greek, refused.Refusal.Message.English);
        }
        catch (Exception ex)
        {
            LogIncident(logger, current.Id, current.Definition, trigger.Name, ex.GetType().Name);
            return await CommitIncidentAsync(trigger, actor, commandId, hash, inputJson, ex, timer, now);
        }

        var state = current.State;
        var machine = StatelessMachine.Create(model, () => state, s => state = s, () => context.Destination);
        try
        {
            await machine.FireAsync(trigger.Name);
        }
        catch (InvalidOperationException ex)
        {
            return await CommitIncidentAsync(trigger, actor, commandId, hash, inputJson, ex, timer, now);
        }

        var transition = model.State(current.State).Transitions[trigger.Name];
        var row = Copy(current);
        row.State = state;
        row.Revision++;
        row.UpdatedAt = now;
        row.Data = data.ToString();
        if (retrying)
        {
            ClearIncident(row);
            row.Status = InstanceStatus.Active;
        }

        var removed = new List<Guid>();
        var added = new List<TimerRow>();
        var newState = model.State(state);
        if (!transition.Internal)
        {
            // leaving (or re-entering) a state: its timers end, the new state's start
            row.StateEnteredAt = now;
            row.Attention = null;
            row.AttentionAt = null;
            removed.AddRange(_instance.Timers.Select(t => t.Id));
            SetTask(row, newState, context.ReassignedRole, now);
            if (newState.IsFinal)
            {
                row.Status = InstanceStatus.Completed;
                row.CompletedAt = now;
                row.TaskRole = null;
                row.TaskDueAt = null;
            }
            else
            {
                added.AddRange(await ArmAsync(model, newState, row, data, now));
            }
        }
        else
        {
            if (context.ReassignedRole is { } role)
            {
                row.TaskRole = role;
            }
            if (timer is not null)
            {
                removed.Add(timer.Id);
                var timerModel = newState.Timers.Find(t => t.Name == timer.Name);
                if (timerModel is { Repeat: true })
                {
                    var next = await schedule.NextRepeatAsync(row.Definition, timerModel, ScopeOf(row), timer.DueAt, now);
                    added.Add(NewTimer(row, timerModel, next, now));
                }
            }
        }
        if (context.Attention is { } attention)
        {
            row.Attention = attention;
            row.AttentionAt = now;
        }
        else if (context.ClearsAttention)
        {
            row.Attention = null;
            row.AttentionAt = null;
        }

        var journal = Journal(row, timer is null ? JournalKinds.Step : JournalKinds.Timer, trigger.Name, current.State, state, actor,
            commandId, hash, inputJson, context.Comment, now);
        var events = context.Events.Select(e => new OutboxRow
        {
            InstanceId = row.Id, Revision = row.Revision, Type = e.Type, Payload = e.Payload, CreatedAt = now,
        }).ToList();
        if (!transition.Internal)
        {
            events.AddRange(StateChanged(model, row, current.State, now));
        }
        return await CommitAsync(new StepWrite(row, IsNew: false, journal, removed, added, events));
    }

    private async Task<StepOutcome> CommitIncidentAsync(
        TriggerModel trigger, WorkflowActor actor, Guid commandId, string hash, string? inputJson, Exception ex, TimerRow? timer, DateTimeOffset now)
    {
        var row = Copy(_instance!.Row);
        row.Status = InstanceStatus.Faulted;
        row.Revision++;
        row.UpdatedAt = now;
        row.IncidentTrigger = trigger.Name;
        row.IncidentInput = inputJson;
        row.IncidentActor = JsonSerializer.Serialize(actor, WorkflowData.Json);
        row.IncidentError = $"{ex.GetType().Name}: {ex.Message}";
        row.IncidentAt = now;
        row.IncidentCommandId = timer?.Id;
        // The command id stays with the original call only when a person made it; a timer's id stays free so the
        // retry can fire the timer itself.
        var journal = Journal(row, JournalKinds.Incident, trigger.Name, row.State, row.State, actor, timer is null ? commandId : null,
            timer is null ? hash : null, inputJson, null, now);
        journal.Error = row.IncidentError;
        var outcome = await CommitAsync(new StepWrite(row, IsNew: false, journal, [], [], []));
        return outcome.Succeeded
            ? new StepOutcome(StepStatus.Faulted, outcome.Instance, "workflow-incident",
                "Η ενέργεια απέτυχε· η διαδικασία περιμένει επανάληψη ή ακύρωση από υπεύθυνο.",
                "The step failed; the instance waits for a retry or a cancellation.")
            : outcome;
    }

    private async Task<StepOutcome> CommitSpentTimerAsync(TimerRow timer, Refusal refusal, DateTimeOffset now)
    {
        var row = Copy(_instance!.Row);
        row.Revision++;
        row.UpdatedAt = now;
        var journal = Journal(row, JournalKinds.Timer, timer.Trigger, row.State, row.State, WorkflowActor.System, timer.Id,
            Hash("timer", timer.Name), null, refusal.Message.English, now);
        return await CommitAsync(new StepWrite(row, IsNew: false, journal, [timer.Id], [], []));
    }

    private async Task<StepOutcome> CommitAsync(StepWrite step)
    {
        try
        {
            await store.CommitAsync(step, CancellationToken.None);
        }
        catch (RevisionConflictException)
        {
            // Another activation wrote this revision (possible only around a silo failure): our memory is stale.
            _instance = await store.LoadAsync(Id, CancellationToken.None);
            DeactivateOnIdle();
            return Refuse(StepStatus.Conflict, "concurrent-change", "Η διαδικασία άλλαξε ταυτόχρονα· ξαναδοκιμάστε.",
                "The instance was changed concurrently; try again.");
        }

        var commands = _instance?.Commands ?? [];
        if (step.Journal.CommandId is { } commandId)
        {
            commands[commandId] = new AppliedCommand(step.Journal.CommandHash ?? "", step.Journal.Revision);
        }
        var timers = _instance?.Timers ?? [];
        timers.RemoveAll(t => step.TimersRemoved.Contains(t.Id));
        timers.AddRange(step.TimersAdded);
        _instance = new LoadedInstance { Row = step.Instance, Commands = commands, Timers = timers };
        if (step.Outbox.Count > 0)
        {
            outbox.Poke();
        }
        return new StepOutcome(StepStatus.Applied, Snapshot(_instance));
    }

    private static List<OutboxRow> StateChanged(DefinitionModel model, InstanceRow row, string? from, DateTimeOffset now) =>
        model.PublishesStateChanges
            ? [new OutboxRow
            {
                InstanceId = row.Id, Revision = row.Revision, Type = WorkflowEvents.StateChanged, CreatedAt = now,
                Payload = JsonSerializer.Serialize(new WorkflowEvents.StateChangedPayload(row.Definition, row.Id, row.CentreId, row.SubjectId, from, row.State, row.Status), WorkflowData.Json),
            }]
            : [];

    private async Task<List<TimerRow>> ArmAsync(DefinitionModel model, StateModel state, InstanceRow row, WorkflowData data, DateTimeOffset now)
    {
        var timers = new List<TimerRow>();
        foreach (var timer in state.Timers)
        {
            if (await schedule.DueAtAsync(model.Name, timer, ScopeOf(row), data, now) is { } due)
            {
                timers.Add(NewTimer(row, timer, due, now));
            }
        }
        return timers;
    }

    private static TimerRow NewTimer(InstanceRow row, TimerModel timer, DateTimeOffset due, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        InstanceId = row.Id,
        Name = timer.Name,
        Trigger = timer.Trigger,
        State = row.State,
        Definition = row.Definition,
        DueAt = due,
        CentreId = row.CentreId,
        CreatedAt = now,
    };

    private static void SetTask(InstanceRow row, StateModel state, string? reassigned, DateTimeOffset now, bool keepDue = false)
    {
        row.TaskRole = reassigned ?? state.Task?.Role;
        if (!keepDue)
        {
            row.TaskDueAt = state.Task?.DueAfter is { } due ? now + due : null;
        }
    }

    private StepOutcome? Replayed(Guid commandId, string hash)
    {
        if (!_instance!.Commands.TryGetValue(commandId, out var applied))
        {
            return null;
        }
        return applied.Hash == hash
            ? new StepOutcome(StepStatus.Duplicate, Snapshot(_instance))
            : Refuse(StepStatus.Conflict, "command-id-reused",
                "Το αναγνωριστικό εντολής χρησιμοποιήθηκε ήδη για άλλη ενέργεια.", "The command id was already used for another step.");
    }

    private StepOutcome? ClosedOrFaulted() => _instance!.Row.Status switch
    {
        InstanceStatus.Completed or InstanceStatus.Cancelled =>
            Refuse(StepStatus.Conflict, "instance-closed", "Η διαδικασία έχει κλείσει.", "The instance is closed."),
        InstanceStatus.Faulted =>
            Refuse(StepStatus.Conflict, "instance-faulted", "Η διαδικασία έχει σφάλμα· χρειάζεται επανάληψη ή ακύρωση.",
                "The instance has an incident; it needs a retry or a cancellation."),
        _ => null,
    };

    /// <summary>Roles, then centre: a centre's users act only on their own centre's instances; the system may fire only system triggers.</summary>
    private StepOutcome? Authorise(TriggerModel trigger, WorkflowActor actor)
    {
        if (actor.IsSystem)
        {
            return null;
        }
        if (!trigger.AllowsAny(actor.Roles))
        {
            return Refuse(StepStatus.Forbidden, "role-not-permitted",
                $"Ο ρόλος σας δεν επιτρέπει την ενέργεια «{trigger.Title.Greek}».", $"Your role may not fire '{trigger.Title.English}'.");
        }
        if (_instance!.Row.CentreId is { } centre && actor.CentreId != centre)
        {
            return Refuse(StepStatus.Forbidden, "other-centre",
                "Η διαδικασία ανήκει σε άλλο κέντρο.", "The instance belongs to another centre.");
        }
        return null;
    }

    private async Task<(object? Input, IReadOnlyDictionary<string, FieldError[]>? Errors)> ReadInputAsync(TriggerModel trigger, string? json)
    {
        if (trigger.InputType is null)
        {
            return (null, null);
        }
        object? input;
        try
        {
            // no input at all reads as {}: a trigger whose fields are all optional needs none, the others get a message per field
            input = JsonSerializer.Deserialize(json is { Length: > 0 } ? json : "{}", trigger.InputType, WorkflowData.Json);
        }
        catch (JsonException ex)
        {
            return (null, new Dictionary<string, FieldError[]>
            {
                [string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "input" : "input." + ex.Path.TrimStart('$', '.')] =
                    [new FieldError("Μη έγκυρη τιμή.", "Invalid value.")],
            });
        }
        if (input is null)
        {
            return (null, new Dictionary<string, FieldError[]> { ["input"] = [new FieldError("Η ενέργεια χρειάζεται στοιχεία.", "The trigger needs an input.")] });
        }
        var errors = await trigger.ValidateInput!(input, services, CancellationToken.None);
        return errors.Count == 0 ? (input, null) : (null, errors);
    }

    private static JournalRow Journal(InstanceRow row, string kind, string? trigger, string? from, string? to, WorkflowActor actor,
        Guid? commandId, string? hash, string? input, string? comment, DateTimeOffset now) => new()
    {
        InstanceId = row.Id,
        Revision = row.Revision,
        At = now,
        Kind = kind,
        Trigger = trigger,
        FromState = from,
        ToState = to,
        Actor = actor.UserName,
        CommandId = commandId,
        CommandHash = hash,
        Input = input,
        Comment = comment,
    };

    private static void ClearIncident(InstanceRow row)
    {
        row.IncidentTrigger = null;
        row.IncidentInput = null;
        row.IncidentActor = null;
        row.IncidentError = null;
        row.IncidentAt = null;
        row.IncidentCommandId = null;
    }

    private static InstanceScope ScopeOf(InstanceRow row) => new(row.CentreId, row.SubjectId, row.PolicyKey);

    private static InstanceRow Copy(InstanceRow r) => new()
    {
        Id = r.Id, Definition = r.Definition, DefinitionVersion = r.DefinitionVersion, State = r.State, Status = r.Status, Revision = r.Revision,
        CentreId = r.CentreId, SubjectId = r.SubjectId, PolicyKey = r.PolicyKey, Data = r.Data, TaskRole = r.TaskRole, TaskDueAt = r.TaskDueAt,
        Attention = r.Attention, AttentionAt = r.AttentionAt, StateEnteredAt = r.StateEnteredAt, CreatedAt = r.CreatedAt, CreatedBy = r.CreatedBy,
        UpdatedAt = r.UpdatedAt, CompletedAt = r.CompletedAt, IncidentTrigger = r.IncidentTrigger, IncidentInput = r.IncidentInput,
        IncidentActor = r.IncidentActor, IncidentError = r.IncidentError, IncidentAt = r.IncidentAt, IncidentCommandId = r.IncidentCommandId,
    };

    internal static InstanceSnapshot Snapshot(LoadedInstance instance)
    {
        var r = instance.Row;
        return new InstanceSnapshot(r.Id, r.Definition, r.DefinitionVersion, r.State, r.Status, r.Revision, ScopeOf(r), r.Data,
            r.TaskRole, r.TaskDueAt, r.Attention, r.StateEnteredAt, r.CreatedAt,
            r.IncidentTrigger is null ? null : new IncidentSnapshot(r.IncidentTrigger, r.IncidentError ?? "", r.IncidentAt ?? r.UpdatedAt),
            [.. instance.Timers.OrderBy(t => t.DueAt).Select(t => new TimerSnapshot(t.Id, t.Name, t.Trigger, t.DueAt, t.Note))]);
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));

    private static StepOutcome Refuse(StepStatus status, string code, string greek, string english) => new(status, null, code, greek, english);

    private static StepOutcome NotFound() =>
        Refuse(StepStatus.NotFound, "instance-not-found", "Η διαδικασία δεν βρέθηκε.", "The instance was not found.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow instance {InstanceId} ({Definition}) faulted on {Trigger}: {ExceptionType}")]
    private static partial void LogIncident(ILogger logger, Guid instanceId, string definition, string trigger, string exceptionType);
}
