using Platform.BuildingBlocks.Concurrency;

namespace Platform.Workflows.Persistence;

/// <summary>
/// Groups the instance reads of concurrent grain activations (<see cref="Coalescer{TIn, TOut}"/>): a burst of
/// activations — thousands of follow-ups falling due at once, or the first requests after a restart — costs one query
/// of up to <see cref="MaxGroup"/> ids per group instead of one per instance, and a lone activation waits for nobody.
/// </summary>
internal sealed class LoadCoalescer(Func<Guid[], CancellationToken, Task<Dictionary<Guid, LoadedInstance>>> loadMany) : IAsyncDisposable
{
    private const int MaxGroup = 256;

    private readonly Coalescer<Guid, LoadedInstance?> _reads = new(MaxGroup, async (group, ct) =>
    {
        var loaded = await loadMany([.. group.Select(r => r.Item).Distinct()], ct);
        foreach (var request in group)
        {
            // each caller gets its own copy: two activations of one id (a race the journal settles) must not share lists
            request.Done.TrySetResult(loaded.TryGetValue(request.Item, out var instance) ? Copy(instance) : null);
        }
    });

    public Task<LoadedInstance?> LoadAsync(Guid id, CancellationToken ct) => _reads.SendAsync(id, ct);

    private static LoadedInstance Copy(LoadedInstance instance) => new()
    {
        Row = instance.Row,
        Commands = new Dictionary<Guid, AppliedCommand>(instance.Commands),
        Timers = [.. instance.Timers],
    };

    public ValueTask DisposeAsync() => _reads.DisposeAsync();
}
