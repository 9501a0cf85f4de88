using Orleans.Runtime;
using Platform.Registries.Contracts;

namespace Platform.Registries.Grains;

[GenerateSerializer]
internal sealed class BeneficiaryFileState
{
    [Id(0)] public BeneficiaryFileSummary? Summary { get; set; }

    /// <summary>Oldest first; appended only.</summary>
    [Id(1)] public List<TimelineEntry> Timeline { get; set; } = [];
}

/// <summary>
/// The electronic file (R29). Holds what is hot about one person and the timeline of their file;
/// stored by the ADO.NET provider in PostgreSQL as JSON. One writer at a time, so the timeline
/// never interleaves two changes.
/// </summary>
internal sealed class BeneficiaryGrain([PersistentState("file")] IPersistentState<BeneficiaryFileState> file)
    : Grain, IBeneficiaryGrain
{
    private HashSet<Guid>? _seen;

    public async Task<bool> Record(FileEvent fileEvent)
    {
        ArgumentNullException.ThrowIfNull(fileEvent);
        _seen ??= [.. file.State.Timeline.Select(t => t.EventId)];
        if (!_seen.Add(fileEvent.Entry.EventId))
        {
            return false;
        }

        file.State.Timeline.Add(fileEvent.Entry);
        if (fileEvent.Summary is not null)
        {
            file.State.Summary = fileEvent.Summary;
        }

        try
        {
            await file.WriteStateAsync();
        }
        catch
        {
            // The write may or may not have landed: reload so memory matches what is stored.
            _seen = null;
            await file.ReadStateAsync();
            throw;
        }

        return true;
    }

    public Task<BeneficiaryFileSummary?> GetSummary() => Task.FromResult(file.State.Summary);

    public Task<IReadOnlyList<TimelineEntry>> GetTimeline(int skip, int take)
    {
        IReadOnlyList<TimelineEntry> page = [.. Enumerable.Reverse(file.State.Timeline).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 500))];
        return Task.FromResult(page);
    }
}
