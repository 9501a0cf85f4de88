using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Localization;
using Platform.Workflows.Definitions;
using Platform.Workflows.Instances;

namespace Platform.Workflows.Api;

/// <summary>Turns a grain's refusal into the problem details every API of the Platform answers with.</summary>
public static class StepOutcomes
{
    public static InstanceSnapshot EnsureSucceeded(this StepOutcome outcome)
    {
        var title = new Bilingual(outcome.Greek ?? "", outcome.English ?? "");
        return outcome.Status switch
        {
            StepStatus.Applied or StepStatus.Duplicate => outcome.Instance!,
            StepStatus.NotFound => throw new NotFoundException(title),
            StepStatus.Forbidden => throw new ForbiddenException(title),
            StepStatus.Invalid => throw new ValidationFailedException((outcome.Errors ?? new Dictionary<string, FieldError[]>())
                .ToDictionary(e => e.Key, e => e.Value.Select(f => new Bilingual(f.Greek, f.English)).ToArray(), StringComparer.Ordinal)),
            StepStatus.Faulted => throw new WorkflowIncidentException(title, outcome.Instance!.Id),
            _ => throw new ConflictException(title, outcome.Code ?? "conflict"),
        };
    }

    public static WorkflowActor ToWorkflowActor(this ICurrentActor actor) => new(actor.UserName, actor.CentreId, [.. actor.Roles]);
}

/// <summary>The step's action failed: the instance is now an incident a supervisor can retry or cancel.</summary>
public sealed class WorkflowIncidentException : PlatformException
{
    public WorkflowIncidentException(Bilingual title, Guid instanceId)
        : base(title, "workflow-incident") => Extensions["instanceId"] = instanceId;

    public override int StatusCode => 500;
}
