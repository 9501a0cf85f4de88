namespace Platform.Workflows.Timers;

/// <summary>
/// The clock every step, timer and due date of the runtime reads. It is the host's <see cref="TimeProvider"/>;
/// tests replace it (with the reminder service's clock) by a fake one, without moving the clock Orleans itself
/// runs membership and activation collection on.
/// </summary>
public sealed class WorkflowClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
