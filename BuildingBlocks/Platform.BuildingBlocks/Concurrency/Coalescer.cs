using System.Threading.Channels;

namespace Platform.BuildingBlocks.Concurrency;

/// <summary>
/// Groups concurrent requests for one round trip. A request made while another group is on the wire waits for it to
/// return and then goes out with every other request that queued meanwhile (up to a maximum group): no timer, no added
/// latency when requests come one at a time, and round trips that fall with the load instead of growing with it. The
/// loop runs on the thread pool, outside any grain's turn; the handler answers each request of its group, and what it
/// leaves unanswered when it throws gets that exception. With more than one lane, that many groups may be on the wire at
/// once (each lane takes what queued while it was busy): the database's cores can then work on two groups while the
/// host prepares the next.
/// </summary>
public sealed class Coalescer<TIn, TOut> : IAsyncDisposable
{
    private readonly int _maxGroup;
    private readonly Func<IReadOnlyList<Request>, CancellationToken, Task> _handle;
    private readonly Channel<Request> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _lanes;

    public Coalescer(int maxGroup, Func<IReadOnlyList<Request>, CancellationToken, Task> handle, int lanes = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        _maxGroup = maxGroup;
        _handle = handle;
        _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = lanes == 1 });
        _lanes = [.. Enumerable.Range(0, lanes).Select(_ => Task.Run(RunAsync))];
    }

    public Task<TOut> SendAsync(TIn item, CancellationToken ct)
    {
        var request = new Request(item, new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(Coalescer<TIn, TOut>));
        }
        return request.Done.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var group = new List<Request>(_maxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                group.Clear();
                while (group.Count < _maxGroup && _queue.Reader.TryRead(out var next))
                {
                    group.Add(next);
                }

                if (group.Count == 0)
                {
                    continue; // another lane took them
                }

                try
                {
                    await _handle(group, _stopping.Token);
                }
                catch (Exception ex)
                {
                    foreach (var request in group)
                    {
                        request.Done.TrySetException(ex);
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_lanes);
        }
        catch (OperationCanceledException)
        {
            // already stopping
        }
        _stopping.Dispose();
    }

    public sealed record Request(TIn Item, TaskCompletionSource<TOut> Done);
}
