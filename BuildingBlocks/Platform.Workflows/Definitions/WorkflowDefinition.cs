using System.Collections.Frozen;
using Platform.BuildingBlocks.Localization;

namespace Platform.Workflows.Definitions;

/// <summary>
/// A process written in code: one class per process, with a name and a version. Running instances stay on
/// the version they started with; a migration moves them on purpose (<see cref="WorkflowCatalog"/>).
/// Subclasses describe states, triggers, human tasks and timers in <see cref="Define"/>; the runtime
/// turns that into a Stateless machine per step and into diagrams.
/// </summary>
public abstract class WorkflowDefinition<TState, TTrigger> : IWorkflowDefinition
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private DefinitionModel? _model;

    public abstract string Name { get; }

    public abstract int Version { get; }

    public abstract Bilingual Title { get; }

    /// <summary>Emit <see cref="WorkflowEvents.StateChanged"/> to the outbox whenever an instance starts or changes state (for live figures elsewhere).</summary>
    protected virtual bool PublishesStateChanges => false;

    protected abstract TState InitialState { get; }

    protected abstract void Define(WorkflowBuilder<TState, TTrigger> builder);

    /// <summary>Built once: definitions are immutable after start.</summary>
    public DefinitionModel Model => _model ??= Build();

    private DefinitionModel Build()
    {
        var builder = new WorkflowBuilder<TState, TTrigger>();
        Define(builder);
        var model = builder.Build(Name, Version, Title, InitialState.ToString());
        model.PublishesStateChanges = PublishesStateChanges;
        return model;
    }
}

/// <summary>What the runtime needs of a definition, whatever its state and trigger types.</summary>
public interface IWorkflowDefinition
{
    string Name { get; }

    int Version { get; }

    Bilingual Title { get; }

    DefinitionModel Model { get; }
}

/// <summary>The immutable description of one version of a process.</summary>
public sealed class DefinitionModel
{
    internal DefinitionModel(string name, int version, Bilingual title, string initialState,
        IReadOnlyDictionary<string, StateModel> states, IReadOnlyDictionary<string, TriggerModel> triggers)
    {
        Name = name;
        Version = version;
        Title = title;
        InitialState = initialState;
        States = states.ToFrozenDictionary(StringComparer.Ordinal);
        Triggers = triggers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Name { get; }

    public int Version { get; }

    public Bilingual Title { get; }

    public string InitialState { get; }

    public bool PublishesStateChanges { get; internal set; }

    public FrozenDictionary<string, StateModel> States { get; }

    public FrozenDictionary<string, TriggerModel> Triggers { get; }

    public StateModel State(string name) =>
        States.TryGetValue(name, out var state) ? state : throw new InvalidOperationException($"{Name} v{Version} has no state {name}");
}

/// <summary>A state: what leaves it, who is expected to act in it and the timers that run while the instance is in it.</summary>
public sealed class StateModel
{
    internal StateModel(string name) => Name = name;

    public string Name { get; }

    public Bilingual Title { get; internal set; }

    /// <summary>An instance that reaches a final state is completed; its timers are gone.</summary>
    public bool IsFinal { get; internal set; }

    /// <summary>The human task: the role expected to act (always within the instance's centre) and how long they have.</summary>
    public HumanTaskModel? Task { get; internal set; }

    public List<TimerModel> Timers { get; } = [];

    public Dictionary<string, TransitionModel> Transitions { get; } = new(StringComparer.Ordinal);
}

public sealed record HumanTaskModel(string Role, TimeSpan? DueAfter);

/// <summary>
/// A timer of a state: after a duration from entering the state, or at a date read from the instance's data,
/// it fires <see cref="Trigger"/> as the system. A repeating timer is armed again after it fires, until the state is left.
/// The duration can be overridden per process, timer and policy key by a scheduler (<c>timer_policies</c>).
/// </summary>
public sealed record TimerModel(string Name, string Trigger, TimeSpan? After, Func<WorkflowData, DateTimeOffset?>? At, bool Repeat, Bilingual Title);

/// <summary>Where a trigger leads from one state: a fixed target, a choice made by the trigger's action, or nowhere (internal).</summary>
public sealed record TransitionModel(string Trigger, string? Target, IReadOnlyList<string> PossibleTargets, bool Internal)
{
    public bool IsDynamic => Target is null && !Internal;
}

/// <summary>
/// A trigger: who may fire it, the input it needs (validated before anything runs), its guard (a refusal
/// with a reason, judged on the instance's data and the input) and its action (effects; an exception
/// faults the instance into an incident).
/// </summary>
public sealed class TriggerModel
{
    internal TriggerModel(string name) => Name = name;

    public string Name { get; }

    public Bilingual Title { get; internal set; }

    public FrozenSet<string> Roles { get; internal set; } = FrozenSet<string>.Empty;

    /// <summary>Fired by timers only; no person may fire it.</summary>
    public bool SystemOnly { get; internal set; }

    public Type? InputType { get; internal set; }

    internal Func<object, IServiceProvider, CancellationToken, Task<IReadOnlyDictionary<string, Instances.FieldError[]>>>? ValidateInput { get; set; }

    internal Func<StepContext, Refusal?>? Guard { get; set; }

    internal Func<StepContext, CancellationToken, Task>? Action { get; set; }

    /// <summary>Whether a user with these roles may fire this trigger at all (state and guard aside).</summary>
    public bool AllowsAny(IEnumerable<string> roles) => !SystemOnly && roles.Any(Roles.Contains);
}

/// <summary>Why a guard refuses a trigger, in both languages; the API answers 409 with it.</summary>
public sealed record Refusal(string Code, Bilingual Message);

/// <summary>Thrown by a trigger's action to refuse the step (a check only the action can make, e.g. one that reads the database): nothing is written, the caller gets 409.</summary>
public sealed class StepRefusedException(Refusal refusal) : Exception(refusal.Message.English)
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>Events the runtime itself writes to the outbox.</summary>
public static class WorkflowEvents
{
    /// <summary>An instance of a definition that publishes state changes started or changed state.</summary>
    public const string StateChanged = "workflow.state-changed";

    public sealed record StateChangedPayload(string Definition, Guid InstanceId, Guid? CentreId, Guid? SubjectId, string? From, string To, string Status);
}
