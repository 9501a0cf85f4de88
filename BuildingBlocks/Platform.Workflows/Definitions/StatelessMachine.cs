using Stateless;
using Stateless.Reflection;

namespace Platform.Workflows.Definitions;

/// <summary>A definition as a Stateless machine: the runtime fires steps on it and draws diagrams from it.</summary>
internal static class StatelessMachine
{
    public static StateMachine<string, string> Create(DefinitionModel model, Func<string> read, Action<string> write, Func<string?> chosen)
    {
        var machine = new StateMachine<string, string>(read, write);
        foreach (var state in model.States.Values)
        {
            var configuration = machine.Configure(state.Name);
            foreach (var transition in state.Transitions.Values)
            {
                if (transition.Internal)
                {
                    configuration.InternalTransition(transition.Trigger, _ => { });
                }
                else if (transition.Target is { } target)
                {
                    if (target == state.Name)
                    {
                        configuration.PermitReentry(transition.Trigger);
                    }
                    else
                    {
                        configuration.Permit(transition.Trigger, target);
                    }
                }
                else
                {
                    var possible = transition.PossibleTargets;
                    configuration.PermitDynamic(
                        transition.Trigger,
                        () => chosen() is { } destination && possible.Contains(destination)
                            ? destination
                            : throw new InvalidOperationException($"The action of {transition.Trigger} chose no state among {string.Join(", ", possible)}"),
                        "chosen by the action",
                        [.. possible.Select(p => new DynamicStateInfo(p, p))]);
                }
            }
        }
        return machine;
    }
}
