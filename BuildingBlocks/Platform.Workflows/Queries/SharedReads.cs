using System.Collections.Concurrent;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Queries;

/// <summary>
/// The inbox is the page every caseworker keeps open, and every caseworker of a centre sees the same role-based
/// tasks: counting a centre's open instances once per request made 50 users cost 50 counts of the same rows (bench
/// web: 75× /health/live p95); the supervisors of an area likewise all ask for the same dashboard. Here a result is
/// shared by everyone asking the same question: at most one query per question is in flight (the others await it)
/// and its answer serves for <see cref="Lifetime"/>. A step committed on this silo drops the answers it touches at
/// once (its centre's; those without a centre on any step), so nobody sees their own step missing; a step on another
/// silo shows within <see cref="Lifetime"/>. Only the caller who wins the slot starts the read, and it reads on
/// singleton parts (the data source, a scope of its own), never on the request's: any caller may go away meanwhile.
/// </summary>
internal sealed class SharedReads(WorkflowClock clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, long> _centreGenerations = new();
    private long _generation;

    /// <summary>The answer to <paramref name="key"/> (a centre's question when <paramref name="centre"/> is set), shared while fresh.</summary>
    public Task<T> GetAsync<T>(string key, Guid? centre, Func<Task<T>> read)
        where T : class => GetAsync(key, () => Generation(centre), read);

    /// <summary>The answer to a question no workflow step changes (e.g. which centres lie in an area), shared for <see cref="Lifetime"/>.</summary>
    public Task<T> GetAsync<T>(string key, Func<Task<T>> read)
        where T : class => GetAsync(key, static () => 0, read);

    private async Task<T> GetAsync<T>(string key, Func<long> generationNow, Func<Task<T>> read)
        where T : class
    {
        var now = clock.GetUtcNow();
        var generation = generationNow();
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation && entry.Until > now && !entry.Value.IsFaulted)
            {
                return (T)await entry.Value;
            }
            // the slot first, the read after: a caller who loses the race must not start a read of its own
            var answer = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var fresh = new Entry(answer.Task, generation, now + Lifetime);
            if (entry is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, entry))
            {
                if (_entries.Count > 10_000)
                {
                    Prune(now);
                }
                await Load(read, answer);
                return (T)await fresh.Value;
            }
            // someone else put an answer there meanwhile: use theirs
        }
    }

    /// <summary>A step of an instance of <paramref name="centre"/> committed: its inboxes and every dashboard are out of date.</summary>
    public void Changed(Guid? centre)
    {
        Interlocked.Increment(ref _generation);
        if (centre is { } id)
        {
            _centreGenerations.AddOrUpdate(id, 1, (_, g) => g + 1);
        }
    }

    private long Generation(Guid? centre) =>
        centre is { } id ? _centreGenerations.GetValueOrDefault(id) : Interlocked.Read(ref _generation);

    private static async Task Load<T>(Func<Task<T>> read, TaskCompletionSource<object> answer)
        where T : class
    {
        try
        {
            answer.SetResult(await read());
        }
        catch (Exception e)
        {
            answer.SetException(e);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(Task<object> Value, long Generation, DateTimeOffset Until);
}
