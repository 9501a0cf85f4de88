using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Workflows.Instances;
using Platform.Workflows.Persistence;

namespace Platform.Workflows.Timers;

/// <summary>
/// Fires the workflow timers that fell due. The durable due times are rows in <c>workflows.timers</c>, written
/// in the same commit as the step that entered their state; one Orleans reminder (a single row in the reminders
/// table, whatever the number of timers) wakes this grain every minute, on whichever silo holds it. Each due
/// timer is handed to its instance, which fires it once (the timer id is the command id, and the timer row is
/// deleted in the firing step's commit). Anything due while the cluster was down is caught up at the first tick.
/// </summary>
public interface ITimerDispatcherGrain : IGrainWithIntegerKey
{
    /// <summary>Make sure the reminder exists (called at every start; cheap when it does).</summary>
    Task EnsureScheduled();

    /// <summary>
    /// Fire every timer due by <paramref name="until"/> (now when null), of one centre or of all; returns how many fired.
    /// <paramref name="sentBy"/>: the person who asked ("send the due reminders now"), named in each step's journal row.
    /// </summary>
    Task<DispatchResult> DispatchDue(Guid? centreId, DateTimeOffset? until, string? sentBy = null);
}

[GenerateSerializer, Immutable]
public sealed record DispatchResult([property: Id(0)] int Fired, [property: Id(1)] int Refused);

internal sealed partial class TimerDispatcherGrain(
    WorkflowsDatabase database, WorkflowClock clock, IGrainFactory grains, ILogger<TimerDispatcherGrain> logger) : Grain, ITimerDispatcherGrain, IRemindable
{
    internal const string ReminderName = "workflow-timers";
    private const int BatchSize = 1000;
    private const int Parallelism = 64;

    public async Task EnsureScheduled()
    {
        if (await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? DispatchDue(null, null, null) : Task.CompletedTask;

    public async Task<DispatchResult> DispatchDue(Guid? centreId, DateTimeOffset? until, string? sentBy = null)
    {
        var dueBy = until ?? clock.GetUtcNow();
        var fired = 0;
        var refused = 0;
        // one continuous stream of due timers (keyset pages of 1,000), Parallelism instance grains busy at any moment;
        // started from the grain's own turn (no thread-pool loop), as Orleans requires
        var inFlight = new List<Task<bool>>(Parallelism);
        void Count(Task<bool> done)
        {
            inFlight.Remove(done);
            if (done.Result) fired++; else refused++;
        }
        await foreach (var timer in DueAsync(centreId, dueBy))
        {
            inFlight.Add(FireAsync(timer.InstanceId, timer.Id, sentBy));
            if (inFlight.Count >= Parallelism)
            {
                Count(await Task.WhenAny(inFlight));
            }
        }
        while (inFlight.Count > 0)
        {
            Count(await Task.WhenAny(inFlight));
        }
        if (fired + refused > 0)
        {
            LogDispatched(logger, fired, refused);
        }
        return new DispatchResult(fired, refused);
    }

    /// <summary>Keyset over (due_at, id): a timer its instance refuses (an incident, say) is not picked again in this round.</summary>
    private async IAsyncEnumerable<(Guid Id, Guid InstanceId)> DueAsync(Guid? centreId, DateTimeOffset dueBy)
    {
        var after = (DueAt: DateTimeOffset.UnixEpoch, Id: Guid.Empty);
        while (true)
        {
            var batch = await NextBatchAsync(centreId, dueBy, after);
            foreach (var timer in batch)
            {
                yield return (timer.Id, timer.InstanceId);
            }
            if (batch.Count < BatchSize)
            {
                yield break;
            }
            after = (batch[^1].DueAt, batch[^1].Id);
        }
    }

    private async Task<bool> FireAsync(Guid instanceId, Guid timerId, string? sentBy)
    {
        try
        {
            var instance = grains.GetGrain<IWorkflowInstanceGrain>(instanceId);
            var outcome = await (sentBy is null ? instance.FireTimer(timerId) : instance.SendTimerNow(timerId, sentBy));
            return outcome.Succeeded || outcome.Status == StepStatus.Faulted;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            // unknown outcome: the timer row is still there unless it fired, so the next tick settles it
            return false;
        }
    }

    private async Task<List<(Guid Id, Guid InstanceId, DateTimeOffset DueAt)>> NextBatchAsync(
        Guid? centreId, DateTimeOffset dueBy, (DateTimeOffset DueAt, Guid Id) after)
    {
        await using var command = database.Source.CreateCommand(
            "SELECT id, instance_id, due_at FROM workflows.timers WHERE due_at <= $1 AND ($2::uuid IS NULL OR centre_id = $2) " +
            "AND (due_at, id) > ($3, $4) ORDER BY due_at, id LIMIT " + BatchSize);
        foreach (var value in new object?[] { dueBy, centreId, after.DueAt, after.Id })
        {
            command.Parameters.Add(InstanceStore.Parameter(value));
        }
        var rows = new List<(Guid, Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow timers: {Fired} fired, {Refused} left for the next tick")]
    private static partial void LogDispatched(ILogger logger, int fired, int refused);
}

/// <summary>Registers the dispatcher's reminder once the silo runs.</summary>
internal sealed partial class TimerDispatcherStartup(IGrainFactory grains, ILogger<TimerDispatcherStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<ITimerDispatcherGrain>(0).EnsureScheduled();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && attempt < 30)
            {
                LogRetry(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow timer reminder not registered yet ({ExceptionType}); retrying")]
    private static partial void LogRetry(ILogger logger, string exceptionType);
}
