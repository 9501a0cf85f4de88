using System.Collections.Frozen;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Localization;

namespace Platform.Workflows.Definitions;

/// <summary>The fluent language a definition is written in; enums in, strings stored.</summary>
public sealed class WorkflowBuilder<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<string, StateModel> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TriggerModel> _triggers = new(StringComparer.Ordinal);

    public StateBuilder State(TState state, Bilingual title)
    {
        var model = StateOf(state.ToString());
        model.Title = title;
        return new StateBuilder(this, model);
    }

    public TriggerBuilder Trigger(TTrigger trigger, Bilingual title)
    {
        var model = TriggerOf(trigger.ToString());
        model.Title = title;
        return new TriggerBuilder(model);
    }

    private StateModel StateOf(string name)
    {
        if (!_states.TryGetValue(name, out var model))
        {
            _states[name] = model = new StateModel(name);
        }
        return model;
    }

    private TriggerModel TriggerOf(string name)
    {
        if (!_triggers.TryGetValue(name, out var model))
        {
            _triggers[name] = model = new TriggerModel(name) { Title = new Bilingual(name, name) };
        }
        return model;
    }

    internal DefinitionModel Build(string name, int version, Bilingual title, string initial)
    {
        foreach (var state in _states.Values)
        {
            foreach (var transition in state.Transitions.Values)
            {
                if (!_triggers.ContainsKey(transition.Trigger))
                {
                    throw new InvalidOperationException($"{name} v{version}: trigger {transition.Trigger} used in {state.Name} is not declared");
                }
                foreach (var target in transition.PossibleTargets.Where(t => !_states.ContainsKey(t)))
                {
                    throw new InvalidOperationException($"{name} v{version}: {state.Name} leads to undeclared state {target}");
                }
            }
            foreach (var timer in state.Timers.Where(t => !state.Transitions.ContainsKey(t.Trigger)))
            {
                throw new InvalidOperationException($"{name} v{version}: timer {timer.Name} of {state.Name} fires {timer.Trigger}, which {state.Name} does not accept");
            }
        }
        if (!_states.ContainsKey(initial))
        {
            throw new InvalidOperationException($"{name} v{version}: the initial state {initial} is not declared");
        }
        return new DefinitionModel(name, version, title, initial, _states, _triggers);
    }

    public sealed class StateBuilder
    {
        private readonly WorkflowBuilder<TState, TTrigger> _owner;
        private readonly StateModel _state;

        internal StateBuilder(WorkflowBuilder<TState, TTrigger> owner, StateModel state)
        {
            _owner = owner;
            _state = state;
        }

        /// <summary>Leaving by this trigger always goes to <paramref name="target"/>.</summary>
        public StateBuilder Permit(TTrigger trigger, TState target) =>
            Add(new TransitionModel(trigger.ToString(), target.ToString(), [target.ToString()], Internal: false));

        /// <summary>The trigger's action chooses among <paramref name="targets"/> with <see cref="StepContext.GoTo"/>.</summary>
        public StateBuilder PermitEither(TTrigger trigger, params TState[] targets) =>
            Add(new TransitionModel(trigger.ToString(), null, [.. targets.Select(t => t.ToString())], Internal: false));

        /// <summary>The trigger runs its action and stays in this state (its timers keep running).</summary>
        public StateBuilder Internal(TTrigger trigger) =>
            Add(new TransitionModel(trigger.ToString(), null, [], Internal: true));

        public StateBuilder Task(string role, TimeSpan? dueAfter = null)
        {
            _state.Task = new HumanTaskModel(role, dueAfter);
            return this;
        }

        public StateBuilder After(string name, TimeSpan after, TTrigger fire, Bilingual title, bool repeat = false)
        {
            _state.Timers.Add(new TimerModel(name, fire.ToString(), after, null, repeat, title));
            return this;
        }

        /// <summary>A timer at a date the instance's data holds (a renewal date, say); no date, no timer.</summary>
        public StateBuilder At(string name, Func<WorkflowData, DateTimeOffset?> at, TTrigger fire, Bilingual title)
        {
            _state.Timers.Add(new TimerModel(name, fire.ToString(), null, at, Repeat: false, title));
            return this;
        }

        public StateBuilder Final()
        {
            _state.IsFinal = true;
            return this;
        }

        private StateBuilder Add(TransitionModel transition)
        {
            foreach (var target in transition.PossibleTargets)
            {
                _owner.StateOf(target);
            }
            _owner.TriggerOf(transition.Trigger);
            _state.Transitions[transition.Trigger] = transition;
            return this;
        }
    }

    public sealed class TriggerBuilder
    {
        private readonly TriggerModel _trigger;

        internal TriggerBuilder(TriggerModel trigger) => _trigger = trigger;

        public TriggerBuilder By(params string[] roles)
        {
            _trigger.Roles = roles.ToFrozenSet(StringComparer.Ordinal);
            return this;
        }

        public TriggerBuilder BySystem()
        {
            _trigger.SystemOnly = true;
            return this;
        }

        /// <summary>The trigger needs an input of type <typeparamref name="TInput"/>, checked by <typeparamref name="TValidator"/> before anything runs.</summary>
        public TriggerBuilder Needs<TInput, TValidator>()
            where TValidator : IValidator<TInput>
        {
            _trigger.InputType = typeof(TInput);
            _trigger.ValidateInput = async (input, services, ct) =>
            {
                var validator = ActivatorUtilities.GetServiceOrCreateInstance<TValidator>(services);
                var result = await validator.ValidateAsync((TInput)input, ct);
                return result.IsValid
                    ? FrozenDictionary<string, Instances.FieldError[]>.Empty
                    : result.Errors
                        .GroupBy(e => "input." + BuildingBlocks.Validation.ValidationMessages.ToCamelPath(e.PropertyName), StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Select(e =>
                        {
                            var text = BuildingBlocks.Validation.ValidationMessages.ToBilingual(e);
                            return new Instances.FieldError(text.Greek, text.English);
                        }).Distinct().ToArray(), StringComparer.Ordinal);
            };
            return this;
        }

        public TriggerBuilder When(Func<StepContext, Refusal?> guard)
        {
            _trigger.Guard = guard;
            return this;
        }

        public TriggerBuilder Does(Func<StepContext, CancellationToken, Task> action)
        {
            _trigger.Action = action;
            return this;
        }

        public TriggerBuilder Does(Action<StepContext> action)
        {
            _trigger.Action = (ctx, _) =>
            {
                action(ctx);
                return System.Threading.Tasks.Task.CompletedTask;
            };
            return this;
        }
    }
}
