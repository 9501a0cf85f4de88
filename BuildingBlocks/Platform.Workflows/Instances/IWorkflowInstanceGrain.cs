using Platform.Workflows.Definitions;

namespace Platform.Workflows.Instances;

/// <summary>
/// One running process (a referral, a follow-up plan, an assisted application), keyed by instance id.
/// One writer at a time; every call that changes something carries a command id and is applied at most once;
/// each applied step is one PostgreSQL commit. Results come back as <see cref="StepOutcome"/>, never as
/// exceptions, so a refusal crosses the silo boundary intact.
/// </summary>
public interface IWorkflowInstanceGrain : IGrainWithGuidKey
{
    Task<StepOutcome> Start(StartInstance request);

    Task<StepOutcome> Fire(FireTrigger request);

    /// <summary>A timer of the current state fell due: fire its trigger once (the timer id is the command id).</summary>
    Task<StepOutcome> FireTimer(Guid timerId);

    /// <summary>A person sends a pending timer now ("send now"): fired like <see cref="FireTimer"/>, the sender named in the journal.</summary>
    Task<StepOutcome> SendTimerNow(Guid timerId, string sentBy);

    /// <summary>Run the step that faulted again (an incident), as the actor who fired it first.</summary>
    Task<StepOutcome> Retry(IncidentAction request);

    /// <summary>Give up on the instance: it ends as Cancelled, its timers are gone.</summary>
    Task<StepOutcome> Cancel(IncidentAction request);

    /// <summary>Move to another version of the definition by a state mapping; no step is run again.</summary>
    Task<StepOutcome> Migrate(MigrateInstance request);

    /// <summary>Snooze or reschedule one pending timer, with the reason journaled.</summary>
    Task<StepOutcome> Reschedule(RescheduleTimer request);

    Task<InstanceSnapshot?> Get();
}

[GenerateSerializer, Immutable]
public sealed record StartInstance(
    [property: Id(0)] Guid CommandId,
    [property: Id(1)] string Definition,
    [property: Id(2)] InstanceScope Scope,
    [property: Id(3)] string DataJson,
    [property: Id(4)] WorkflowActor Actor,
    [property: Id(5)] string? Comment = null);

[GenerateSerializer, Immutable]
public sealed record FireTrigger(
    [property: Id(0)] Guid CommandId,
    [property: Id(1)] string Trigger,
    [property: Id(2)] int? ExpectedRevision,
    [property: Id(3)] string? InputJson,
    [property: Id(4)] WorkflowActor Actor,
    [property: Id(5)] string? Comment = null);

[GenerateSerializer, Immutable]
public sealed record IncidentAction(
    [property: Id(0)] Guid CommandId,
    [property: Id(1)] WorkflowActor Actor,
    [property: Id(2)] string? Reason = null);

[GenerateSerializer, Immutable]
public sealed record MigrateInstance(
    [property: Id(0)] Guid CommandId,
    [property: Id(1)] int ToVersion,
    [property: Id(2)] IReadOnlyDictionary<string, string> StateMap,
    [property: Id(3)] WorkflowActor Actor);

[GenerateSerializer, Immutable]
public sealed record RescheduleTimer(
    [property: Id(0)] Guid CommandId,
    [property: Id(1)] string TimerName,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] string Reason,
    [property: Id(4)] WorkflowActor Actor);

public enum StepStatus
{
    Applied,
    Duplicate,
    NotFound,
    Invalid,
    Forbidden,
    Conflict,
    Faulted,
}

/// <summary>What became of a call: applied (or already applied), or refused with a code, a message in both languages and per-field errors.</summary>
[GenerateSerializer, Immutable]
public sealed record StepOutcome(
    [property: Id(0)] StepStatus Status,
    [property: Id(1)] InstanceSnapshot? Instance,
    [property: Id(2)] string? Code = null,
    [property: Id(3)] string? Greek = null,
    [property: Id(4)] string? English = null,
    [property: Id(5)] IReadOnlyDictionary<string, FieldError[]>? Errors = null)
{
    public bool Succeeded => Status is StepStatus.Applied or StepStatus.Duplicate;
}

/// <summary>One message about one input field, in both languages.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldError([property: Id(0)] string Greek, [property: Id(1)] string English);

[GenerateSerializer, Immutable]
public sealed record InstanceSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Definition,
    [property: Id(2)] int DefinitionVersion,
    [property: Id(3)] string State,
    [property: Id(4)] string Status,
    [property: Id(5)] int Revision,
    [property: Id(6)] InstanceScope Scope,
    [property: Id(7)] string DataJson,
    [property: Id(8)] string? TaskRole,
    [property: Id(9)] DateTimeOffset? TaskDueAt,
    [property: Id(10)] string? Attention,
    [property: Id(11)] DateTimeOffset StateEnteredAt,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] IncidentSnapshot? Incident,
    [property: Id(14)] IReadOnlyList<TimerSnapshot> Timers);

[GenerateSerializer, Immutable]
public sealed record IncidentSnapshot(
    [property: Id(0)] string Trigger,
    [property: Id(1)] string Error,
    [property: Id(2)] DateTimeOffset At);

[GenerateSerializer, Immutable]
public sealed record TimerSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Trigger,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] string? Note);

public static class InstanceStatus
{
    public const string Active = nameof(Active);
    public const string Faulted = nameof(Faulted);
    public const string Completed = nameof(Completed);
    public const string Cancelled = nameof(Cancelled);
}

public static class JournalKinds
{
    public const string Started = nameof(Started);
    public const string Step = nameof(Step);
    public const string Timer = nameof(Timer);
    public const string Incident = nameof(Incident);
    public const string Retried = nameof(Retried);
    public const string Cancelled = nameof(Cancelled);
    public const string Migrated = nameof(Migrated);
    public const string Rescheduled = nameof(Rescheduled);
}
