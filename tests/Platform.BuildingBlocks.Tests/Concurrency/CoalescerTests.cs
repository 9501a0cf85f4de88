using Platform.BuildingBlocks.Concurrency;

namespace Platform.BuildingBlocks.Tests.Concurrency;

public sealed class CoalescerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task What_queues_while_a_group_is_on_the_wire_goes_out_together_in_the_next()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = new List<int[]>();
        await using var coalescer = new Coalescer<int, int>(maxGroup: 3, async (group, _) =>
        {
            lock (groups)
            {
                groups.Add([.. group.Select(r => r.Item)]);
            }

            started.TrySetResult();
            await release.Task;
            foreach (var request in group)
            {
                request.Done.TrySetResult(request.Item * 10);
            }
        });

        var first = coalescer.SendAsync(1, CancellationToken.None);
        await started.Task.WaitAsync(Patience);
        var queued = Enumerable.Range(2, 4).Select(i => coalescer.SendAsync(i, CancellationToken.None)).ToArray();
        release.SetResult();

        var answers = await Task.WhenAll([first, .. queued]).WaitAsync(Patience);
        Assert.Equal([10, 20, 30, 40, 50], answers);
        Assert.Equal([[1], [2, 3, 4], [5]], groups); // at most three a group, in the order they came
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    public async Task Each_lane_carries_one_group_at_a_time(int lanes, int expectedAtOnce)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var mostAtOnce = 0;
        await using var coalescer = new Coalescer<int, int>(maxGroup: 1, async (group, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostAtOnce, now);
            await release.Task;
            Interlocked.Decrement(ref inFlight);
            group[0].Done.TrySetResult(group[0].Item);
        }, lanes);

        var sent = Enumerable.Range(0, 4).Select(i => coalescer.SendAsync(i, CancellationToken.None)).ToArray();
        // Give every lane the chance to pick up a group while the first ones are held.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (Volatile.Read(ref mostAtOnce) < lanes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
        Assert.Equal(expectedAtOnce, Volatile.Read(ref mostAtOnce));
        release.SetResult();
        Assert.Equal([0, 1, 2, 3], (await Task.WhenAll(sent).WaitAsync(Patience)).Order());
    }

    [Fact]
    public async Task A_handler_that_throws_answers_with_its_exception_only_those_it_left_unanswered()
    {
        await using var coalescer = new Coalescer<int, int>(maxGroup: 8, (group, _) =>
        {
            foreach (var request in group.Where(r => r.Item == 1))
            {
                request.Done.TrySetResult(1);
            }

            throw new InvalidOperationException("the database went away");
        });

        var answered = coalescer.SendAsync(1, CancellationToken.None);
        var unanswered = coalescer.SendAsync(2, CancellationToken.None);

        Assert.Equal(1, await answered.WaitAsync(Patience));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => unanswered.WaitAsync(Patience));
        Assert.Equal("the database went away", error.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
