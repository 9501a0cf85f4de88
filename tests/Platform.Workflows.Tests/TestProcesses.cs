using System.Collections.Concurrent;
using Platform.BuildingBlocks.Localization;
using Platform.Workflows.Definitions;
using static Platform.BuildingBlocks.Identity.PlatformRoles;

namespace Platform.Workflows.Tests;

public enum V1State { Open, Working, Done }

public enum V1Trigger { Begin, Finish }

public enum V2State { Open, InProgress, Review, Done }

public enum V2Trigger { Begin, SendToReview, Finish }

/// <summary>What the test processes' actions did, and which instances' actions must fail (to make incidents).</summary>
public static class Effects
{
    public static readonly ConcurrentDictionary<Guid, int> BeginRuns = new();
    public static readonly ConcurrentDictionary<Guid, bool> FailBegin = new();
}

public sealed class TestFlowV1 : WorkflowDefinition<V1State, V1Trigger>
{
    public override string Name => "test-flow";
    public override int Version => 1;
    public override Bilingual Title => new("Δοκιμή", "Test flow");
    protected override V1State InitialState => V1State.Open;

    protected override void Define(WorkflowBuilder<V1State, V1Trigger> b)
    {
        b.State(V1State.Open, new("Ανοιχτή", "Open")).Task(Caseworker).Permit(V1Trigger.Begin, V1State.Working);
        b.State(V1State.Working, new("Σε εργασία", "Working")).Task(Caseworker).Permit(V1Trigger.Finish, V1State.Done);
        b.State(V1State.Done, new("Τέλος", "Done")).Final();
        b.Trigger(V1Trigger.Begin, new("Έναρξη", "Begin")).By(Caseworker).Does(Begin);
        b.Trigger(V1Trigger.Finish, new("Τέλος", "Finish")).By(Caseworker);
    }

    internal static void Begin(StepContext ctx)
    {
        Effects.BeginRuns.AddOrUpdate(ctx.InstanceId, 1, (_, n) => n + 1);
        if (Effects.FailBegin.ContainsKey(ctx.InstanceId))
        {
            throw new InvalidOperationException("the national platform did not answer");
        }
    }
}

public sealed class TestFlowV2 : WorkflowDefinition<V2State, V2Trigger>
{
    public override string Name => "test-flow";
    public override int Version => 2;
    public override Bilingual Title => new("Δοκιμή", "Test flow");
    protected override V2State InitialState => V2State.Open;

    protected override void Define(WorkflowBuilder<V2State, V2Trigger> b)
    {
        b.State(V2State.Open, new("Ανοιχτή", "Open")).Task(Caseworker).Permit(V2Trigger.Begin, V2State.InProgress);
        b.State(V2State.InProgress, new("Σε εξέλιξη", "In progress")).Task(Caseworker).Permit(V2Trigger.SendToReview, V2State.Review);
        b.State(V2State.Review, new("Έλεγχος", "Review")).Task(CentreHead).Permit(V2Trigger.Finish, V2State.Done);
        b.State(V2State.Done, new("Τέλος", "Done")).Final();
        b.Trigger(V2Trigger.Begin, new("Έναρξη", "Begin")).By(Caseworker).Does(TestFlowV1.Begin);
        b.Trigger(V2Trigger.SendToReview, new("Για έλεγχο", "Send to review")).By(Caseworker);
        b.Trigger(V2Trigger.Finish, new("Τέλος", "Finish")).By(CentreHead);
    }
}

/// <summary>A definition with a mistake (a timer firing a trigger its state does not accept): refused when built.</summary>
public sealed class BrokenFlow : WorkflowDefinition<V1State, V1Trigger>
{
    public override string Name => "broken";
    public override int Version => 1;
    public override Bilingual Title => new("Λάθος", "Broken");
    protected override V1State InitialState => V1State.Open;

    protected override void Define(WorkflowBuilder<V1State, V1Trigger> b)
    {
        b.State(V1State.Open, new("Ανοιχτή", "Open")).After("t", TimeSpan.FromDays(1), V1Trigger.Finish, new("τ", "t")).Permit(V1Trigger.Begin, V1State.Done);
        b.State(V1State.Done, new("Τέλος", "Done")).Final();
    }
}
