using System.Threading.Channels;

namespace Platform.Workflows.Persistence;

/// <summary>
/// Groups the instance reads of concurrent grain activations. A read asked for while another is on the wire waits
/// for it to return and then goes out with every other read that queued meanwhile, as one query of up to
/// <see cref="MaxGroup"/> ids: no timer, no added latency when reads come one at a time, and round trips that fall
/// with the load instead of growing with it. The reader loop runs on the thread pool, outside any grain's turn.
/// </summary>
internal sealed class LoadCoalescer : IAsyncDisposable
{
    private const int MaxGroup = 256;

    private readonly Func<Guid[], CancellationToken, Task<Dictionary<Guid, LoadedInstance>>> _loadMany;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public LoadCoalescer(Func<Guid[], CancellationToken, Task<Dictionary<Guid, LoadedInstance>>> loadMany)
    {
        _loadMany = loadMany;
        _loop = Task.Run(RunAsync);
    }

    public Task<LoadedInstance?> LoadAsync(Guid id, CancellationToken ct)
    {
        var pending = new Pending(id, new TaskCompletionSource<LoadedInstance?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(LoadCoalescer));
        }
        return pending.Done.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>(MaxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                group.Clear();
                while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
                {
                    group.Add(next);
                }
                try
                {
                    var loaded = await _loadMany([.. group.Select(p => p.Id).Distinct()], _stopping.Token);
                    foreach (var pending in group)
                    {
                        // each caller gets its own copy: two activations of one id (a race the journal settles) must not share lists
                        pending.Done.TrySetResult(loaded.TryGetValue(pending.Id, out var instance) ? Copy(instance) : null);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var pending in group)
                    {
                        pending.Done.TrySetException(ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // shutting down
        }
        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled();
        }
    }

    private static LoadedInstance Copy(LoadedInstance instance) => new()
    {
        Row = instance.Row,
        Commands = new Dictionary<Guid, AppliedCommand>(instance.Commands),
        Timers = [.. instance.Timers],
    };

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // already stopping
        }
        _stopping.Dispose();
    }

    private sealed record Pending(Guid Id, TaskCompletionSource<LoadedInstance?> Done);
}
