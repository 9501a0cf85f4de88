using Orleans.Runtime;
using Platform.Registries.Contracts;

namespace Platform.Registries.Grains;

[GenerateSerializer]
internal sealed class BeneficiaryFileState
{
    [Id(0)] public BeneficiaryFileSummary? Summary { get; set; }

    /// <summary>Oldest first, ordered by (At, EventId) whatever order the events arrive in.</summary>
    [Id(1)] public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>When the event that set <see cref="Summary"/> happened: an older event arriving late does not roll it back.</summary>
    [Id(2)] public DateTimeOffset SummaryAt { get; set; }
}

/// <summary>
/// The electronic file (R29). Holds what is hot about one person and the timeline of their file;
/// stored as JSON in <c>registries.beneficiary_files</c> (<see cref="BeneficiaryFileStorage"/>). One writer at a time, so the timeline
/// never interleaves two changes.
/// </summary>
internal sealed class BeneficiaryGrain([PersistentState("file", BeneficiaryFileStorage.Name)] IPersistentState<BeneficiaryFileState> file)
    : Grain, IBeneficiaryGrain
{
    private HashSet<Guid>? _seen;

    public async Task<bool> Record(FileEvent fileEvent)
    {
        ArgumentNullException.ThrowIfNull(fileEvent);
        _seen ??= [.. file.State.Timeline.Select(t => t.EventId)];
        var entry = fileEvent.Entry;
        if (_seen.Contains(entry.EventId))
        {
            return false;
        }

        // Two requests may commit in one order and reach the grain in the other, and the outbox may
        // redeliver late: keep the timeline in event order and the summary from the newest event.
        var timeline = file.State.Timeline;
        var at = timeline.Count;
        while (at > 0 && Compare(timeline[at - 1], entry) > 0)
        {
            at--;
        }

        var before = (file.State.Summary, file.State.SummaryAt);
        timeline.Insert(at, entry);
        if (fileEvent.Summary is not null && entry.At >= file.State.SummaryAt)
        {
            file.State.Summary = fileEvent.Summary;
            file.State.SummaryAt = entry.At;
        }

        try
        {
            await file.WriteStateAsync();
        }
        catch
        {
            // The write may or may not have landed. Undo it in memory and let the next call activate the
            // grain afresh from what is stored; the outbox delivers the event again if it was not.
            timeline.RemoveAt(at);
            (file.State.Summary, file.State.SummaryAt) = before;
            _seen = null;
            DeactivateOnIdle();
            throw;
        }

        _seen.Add(entry.EventId);
        return true;
    }

    private static int Compare(TimelineEntry a, TimelineEntry b) =>
        a.At != b.At ? a.At.CompareTo(b.At) : a.EventId.CompareTo(b.EventId);

    public Task<BeneficiaryFileSummary?> GetSummary() => Task.FromResult(file.State.Summary);

    public Task<IReadOnlyList<TimelineEntry>> GetTimeline(int skip, int take)
    {
        IReadOnlyList<TimelineEntry> page = [.. Enumerable.Reverse(file.State.Timeline).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 500))];
        return Task.FromResult(page);
    }
}
