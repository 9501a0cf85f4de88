using Platform.Workflows.Persistence;

namespace Platform.Workflows.Tests;

/// <summary>Activations that arrive while a read is on the wire share the next read (the timer burst of issue 3).</summary>
public sealed class LoadCoalescerTests
{
    [Fact]
    public async Task Reads_queued_behind_one_on_the_wire_go_together_and_each_caller_gets_its_own_instance()
    {
        var calls = new List<Guid[]>();
        var firstOnTheWire = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var loads = new LoadCoalescer(async (ids, _) =>
        {
            lock (calls)
            {
                calls.Add(ids);
            }
            if (calls.Count == 1)
            {
                firstOnTheWire.SetResult();
                await release.Task;
            }
            return ids.Where(id => id != Guid.Empty).ToDictionary(id => id, id => Instance(id));
        });

        var first = loads.LoadAsync(Guid.NewGuid(), CancellationToken.None);
        await firstOnTheWire.Task;
        var queued = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).Append(Guid.Empty).ToArray();
        var waiting = queued.Select(id => loads.LoadAsync(id, CancellationToken.None)).ToArray();
        release.SetResult();
        var results = await Task.WhenAll(waiting);

        Assert.NotNull(await first);
        Assert.Equal(2, calls.Count);
        Assert.Equal(queued.Length, calls[1].Length);
        Assert.Equal(queued[..^1], results[..^1].Select(r => r!.Row.Id));
        Assert.Null(results[^1]); // no such instance
    }

    [Fact]
    public async Task A_failed_read_fails_every_caller_of_its_group_and_the_next_read_works()
    {
        var fail = true;
        await using var loads = new LoadCoalescer((ids, _) => fail
            ? Task.FromException<Dictionary<Guid, LoadedInstance>>(new InvalidOperationException("database down"))
            : Task.FromResult(ids.ToDictionary(id => id, id => Instance(id))));

        await Assert.ThrowsAsync<InvalidOperationException>(() => loads.LoadAsync(Guid.NewGuid(), CancellationToken.None));
        fail = false;
        var id = Guid.NewGuid();
        Assert.Equal(id, (await loads.LoadAsync(id, CancellationToken.None))!.Row.Id);
    }

    private static LoadedInstance Instance(Guid id) => new()
    {
        Row = new InstanceRow { Id = id, Definition = "d", State = "s", Status = "Active", Data = "{}", CreatedBy = "test" },
        Commands = [],
        Timers = [],
    };
}
