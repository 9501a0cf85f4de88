using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Workflows.Definitions;

/// <summary>An instance's own data (what its steps recorded), kept as JSON beside its state.</summary>
public sealed class WorkflowData
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    internal WorkflowData(JsonObject node) => Node = node;

    internal JsonObject Node { get; }

    public T? Get<T>(string key) => Node.TryGetPropertyValue(key, out var value) && value is not null ? value.Deserialize<T>(Json) : default;

    public void Set<T>(string key, T value) => Node[key] = JsonSerializer.SerializeToNode(value, Json);

    public bool Has(string key) => Node.ContainsKey(key);

    internal static WorkflowData Parse(string? json) =>
        new(json is { Length: > 0 } ? JsonNode.Parse(json)!.AsObject() : []);

    internal WorkflowData Clone() => new(Node.DeepClone().AsObject());

    public override string ToString() => Node.ToJsonString(Json);
}

/// <summary>Who fires a trigger: a signed-in user (roles, centre) or the runtime itself for timers.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkflowActor(
    [property: Id(0)] string UserName,
    [property: Id(1)] Guid? CentreId,
    [property: Id(2)] IReadOnlyList<string> Roles)
{
    public static WorkflowActor System { get; } = new("system", null, [BuildingBlocks.Identity.PlatformRoles.System]);

    public bool IsSystem => Roles.Contains(BuildingBlocks.Identity.PlatformRoles.System);
}

/// <summary>
/// What a trigger's guard and action see and may change during one step. Nothing here is written until the
/// step commits, and the commit writes all of it at once (state, journal, read model, outbox).
/// </summary>
public sealed class StepContext
{
    private readonly object? _input;
    internal readonly List<(string Type, string Payload)> Events = [];

    internal StepContext(Guid instanceId, string definition, string state, WorkflowData data, WorkflowActor actor,
        object? input, DateTimeOffset now, IServiceProvider services, InstanceScope scope)
    {
        InstanceId = instanceId;
        Definition = definition;
        State = state;
        Data = data;
        Actor = actor;
        _input = input;
        Now = now;
        Services = services;
        Scope = scope;
    }

    public Guid InstanceId { get; }

    public string Definition { get; }

    public string State { get; }

    public WorkflowData Data { get; }

    public WorkflowActor Actor { get; }

    public DateTimeOffset Now { get; }

    public IServiceProvider Services { get; }

    /// <summary>The centre, the person and the policy key the instance belongs to.</summary>
    public InstanceScope Scope { get; }

    /// <summary>The state a <c>PermitEither</c> trigger's action chose.</summary>
    internal string? Destination { get; private set; }

    /// <summary>A new role expected to act (an escalation), or null to keep the state's own.</summary>
    internal string? ReassignedRole { get; private set; }

    /// <summary>What needs attention now (a reminder, an escalation, a due follow-up), shown in inboxes.</summary>
    internal string? Attention { get; private set; }

    internal bool ClearsAttention { get; private set; }

    public string? Comment { get; set; }

    public T Input<T>() => _input is T typed ? typed : throw new InvalidOperationException($"The trigger has no input of type {typeof(T).Name}");

    public void GoTo<TState>(TState state) where TState : struct, Enum => Destination = state.ToString();

    public void AssignTo(string role) => ReassignedRole = role;

    public void NeedsAttention(string what) => Attention = what;

    public void AttentionHandled() => ClearsAttention = true;

    /// <summary>An event for other modules, written to the outbox in the step's transaction and delivered after it.</summary>
    public void Emit(string type, object payload) => Events.Add((type, JsonSerializer.Serialize(payload, WorkflowData.Json)));
}

[GenerateSerializer, Immutable]
public sealed record InstanceScope(
    [property: Id(0)] Guid? CentreId,
    [property: Id(1)] Guid? SubjectId,
    [property: Id(2)] string? PolicyKey);
