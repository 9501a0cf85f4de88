using Microsoft.Extensions.Time.Testing;
using Platform.Workflows.Queries;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Tests;

/// <summary>The inbox and the dashboard share one count among everyone asking the same question (issue 4's bench), never past a step of theirs.</summary>
public sealed class SharedReadsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-26T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Fifty_readers_at_once_cause_one_read_and_a_step_of_their_centre_makes_the_next_one_read_again()
    {
        var shared = new SharedReads(new WorkflowClock(_time));
        var centre = Guid.NewGuid();
        var other = Guid.NewGuid();
        var reads = 0;
        var gate = new TaskCompletionSource();
        async Task<string> Read()
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
            return $"read {reads}";
        }

        var readers = Enumerable.Range(0, 50).Select(_ => shared.GetAsync("inbox|a", centre, Read)).ToArray();
        gate.SetResult();
        Assert.All(await Task.WhenAll(readers), answer => Assert.Equal("read 1", answer));
        Assert.Equal(1, reads);

        shared.Changed(other);                       // another centre's step: this inbox stays
        Assert.Equal("read 1", await shared.GetAsync("inbox|a", centre, Read));
        shared.Changed(centre);                      // a step of this centre: read again at once
        Assert.Equal("read 2", await shared.GetAsync("inbox|a", centre, Read));

        _time.Advance(SharedReads.Lifetime);         // and never older than its lifetime (a step on another silo)
        Assert.Equal("read 3", await shared.GetAsync("inbox|a", centre, Read));
    }

    [Fact]
    public async Task Any_step_refreshes_the_dashboards_and_a_failed_read_is_not_kept()
    {
        var shared = new SharedReads(new WorkflowClock(_time));
        var reads = 0;
        Task<string> Read() => ++reads == 1 ? Task.FromException<string>(new InvalidOperationException("down")) : Task.FromResult($"read {reads}");

        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.GetAsync("dashboard|*", null, Read));
        Assert.Equal("read 2", await shared.GetAsync("dashboard|*", null, Read));
        shared.Changed(Guid.NewGuid());
        Assert.Equal("read 3", await shared.GetAsync("dashboard|*", null, Read));
    }
}
