using Orleans;
using Orleans.Runtime;

namespace Platform.Host.Tests.Silo;

public sealed class CounterState
{
    public int Count { get; set; }

    public string? Label { get; set; }
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment(string? label);

    Task<int> Get();

    Task<string?> GetLabel();

    Task<bool> RecordExists();

    Task Clear();

    Task Deactivate();
}

/// <summary>A grain whose state lives in the "Default" storage (the ADO.NET provider on PostgreSQL).</summary>
public sealed class CounterGrain(
    [PersistentState("counter", "Default")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment(string? label)
    {
        state.State.Count++;
        state.State.Label = label;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public Task<string?> GetLabel() => Task.FromResult(state.State.Label);

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);

    public Task Clear() => state.ClearStateAsync();

    public Task Deactivate()
    {
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface IReminderProbeGrain : IGrainWithGuidKey
{
    Task Register(string name);

    Task Unregister(string name);

    Task<int> Ticks();
}

/// <summary>Counts the ticks of its reminders (in memory: the activation lives for the test's duration).</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private int _ticks;

    public Task Register(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public async Task Unregister(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
