using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Platform.BuildingBlocks.Identity;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;
using Platform.Workflows.Queries;

namespace Platform.Workflows.Api;

/// <summary>An input field a trigger needs, so a form can be drawn for it.</summary>
public sealed record InputField(string Name, string Type, bool Required, IReadOnlyList<string>? Values);

public sealed record PermittedTrigger(string Name, string Title, IReadOnlyList<InputField> Input);

public sealed record TimerView(Guid Id, string Name, string Title, string Trigger, DateTimeOffset DueAt, string? Note);

/// <summary>One instance as its reader sees it: state, task, timers, the triggers this reader may fire now, and the journal.</summary>
public sealed record InstanceView(
    Guid Id, string Definition, int DefinitionVersion, string DefinitionTitle, string State, string StateTitle, string Status, int Revision,
    Guid? CentreId, Guid? SubjectId, string? PolicyKey, JsonElement Data, string? TaskRole, DateTimeOffset? TaskDueAt, bool Overdue,
    string? Attention, DateTimeOffset StateEnteredAt, DateTimeOffset CreatedAt, IncidentSnapshot? Incident, IReadOnlyList<TimerView> Timers,
    IReadOnlyList<PermittedTrigger> PermittedTriggers, IReadOnlyList<JournalEntry>? Journal);

public static class InstanceViews
{
    /// <summary>
    /// The triggers <paramref name="actor"/> may fire on <paramref name="snapshot"/> right now: allowed in the state,
    /// by one of the actor's roles, within the actor's centre, on an active instance, and not refused by the guard.
    /// </summary>
    public static IReadOnlyList<PermittedTrigger> PermittedFor(DefinitionModel model, InstanceSnapshot snapshot, ICurrentActor actor, IServiceProvider services, DateTimeOffset now)
    {
        if (snapshot.Status != InstanceStatus.Active || (snapshot.Scope.CentreId is { } centre && actor.CentreId != centre))
        {
            return [];
        }
        var data = WorkflowData.Parse(snapshot.DataJson);
        var workflowActor = actor.ToWorkflowActor();
        var permitted = new List<PermittedTrigger>();
        foreach (var transition in model.State(snapshot.State).Transitions.Values)
        {
            var trigger = model.Triggers[transition.Trigger];
            if (!trigger.AllowsAny(actor.Roles))
            {
                continue;
            }
            if (trigger.Guard is { } guard)
            {
                var context = new StepContext(snapshot.Id, snapshot.Definition, snapshot.State, data, workflowActor, null, now, services, snapshot.Scope);
                Refusal? refusal;
                try
                {
                    refusal = guard(context);
                }
                catch (InvalidOperationException)
                {
                    refusal = null; // a guard that needs the input can only judge when it is given
                }
                if (refusal is not null)
                {
                    continue;
                }
            }
            permitted.Add(new PermittedTrigger(trigger.Name, trigger.Title.For(CultureInfo.CurrentUICulture), Fields(trigger.InputType)));
        }
        return permitted;
    }

    public static InstanceView Build(DefinitionModel model, InstanceSnapshot s, IReadOnlyList<PermittedTrigger> permitted,
        IReadOnlyList<JournalEntry>? journal, DateTimeOffset now)
    {
        var culture = CultureInfo.CurrentUICulture;
        var state = model.State(s.State);
        return new InstanceView(s.Id, s.Definition, s.DefinitionVersion, model.Title.For(culture), s.State, state.Title.For(culture), s.Status, s.Revision,
            s.Scope.CentreId, s.Scope.SubjectId, s.Scope.PolicyKey, JsonDocument.Parse(s.DataJson).RootElement.Clone(), s.TaskRole, s.TaskDueAt,
            s.Status == InstanceStatus.Active && s.TaskDueAt < now, s.Attention, s.StateEnteredAt, s.CreatedAt, s.Incident,
            [.. s.Timers.Select(t => new TimerView(t.Id, t.Name, state.Timers.Find(m => m.Name == t.Name)?.Title.For(culture) ?? t.Name, t.Trigger, t.DueAt, t.Note))],
            permitted, journal);
    }

    private static IReadOnlyList<InputField> Fields(Type? inputType)
    {
        if (inputType is null)
        {
            return [];
        }
        var nullability = new NullabilityInfoContext();
        return [.. inputType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p =>
        {
            var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var required = p.PropertyType.IsValueType
                ? Nullable.GetUnderlyingType(p.PropertyType) is null
                : nullability.Create(p).WriteState == NullabilityState.NotNull;
            return new InputField(
                JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                type.IsEnum ? "enum" : type == typeof(DateOnly) ? "date" : type == typeof(DateTimeOffset) ? "datetime"
                    : type == typeof(bool) ? "boolean" : type == typeof(int) ? "integer" : type == typeof(Guid) ? "id"
                    : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type != typeof(string) ? "list" : "text",
                required,
                type.IsEnum ? [.. Enum.GetNames(type)] : null);
        })];
    }
}
