using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Time;
using Platform.Registries.Contracts;
using Platform.Registries.Persistence;

namespace Platform.Registries.Grains;

/// <summary>
/// A community centre's live figures, compliance, annexes and mobile units. Nothing is stored here: they are recomputed
/// on activation, on a new day and on every <see cref="Recompute"/>, which the modules call after each change. File
/// counts come from <c>registries.centre_file_counts</c>, kept by a statement trigger in the same transaction as every
/// change to a file, so reading them costs a few rows however large the centre. A file event or a workload change (each via
/// an outbox, so none is missed; a new file is told after its commit, and counts older than <see cref="FileCountsAge"/> are
/// read again anyway) only marks that part of the figures as behind; the next read of the figures reads it
/// again. Registering a hundred people a second thus costs no query here, and a reader never sees a count older than the
/// last event the grain was told of before the read began.
/// </summary>
/// <remarks>
/// <see cref="GetFigures"/> interleaves with everything (<c>[AlwaysInterleave]</c>: pages poll it), so every await here
/// can let another call change <c>_figures</c>. Two rules keep updates from being lost: (1) a part is written onto the
/// <em>current</em> figures after the awaits (never onto a copy taken before them — an earlier WorkloadChanged cloned the
/// figures, awaited the workload query and wrote the clone back, dropping file counts a read had put there meanwhile);
/// (2) each part carries how many events it was read after, so a slower read never puts older values back.
/// </remarks>
internal sealed class CentreGrain(IServiceScopeFactory scopes, TimeProvider clock) : Grain, ICentreGrain
{
    /// <summary>How often an active centre looks whether the day changed (DST-proof, unlike a 24-hour period).</summary>
    internal static readonly TimeSpan DayCheck = TimeSpan.FromHours(1);

    /// <summary>
    /// File counts older than this are read again even without a <see cref="FilesChanged"/>: a registration tells the
    /// grain after its commit, not through an outbox, so a notice lost to a crash in between shows within this time.
    /// </summary>
    internal static readonly TimeSpan FileCountsAge = TimeSpan.FromMinutes(1);

    private CentreFigures? _figures;
    private DateOnly _computedFor;

    // Events seen for each lazily read part, and how many of them the part in _figures was read after.
    private long _fileEvents;
    private long _countedAfter;
    private DateTimeOffset _countedAt;
    private long _workloadEvents;
    private long _workloadAfter;

    // The read of the behind parts under way, and the events it began after (see GetFigures).
    private Task? _reading;
    private long _readingFiles;
    private long _readingWork;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _figures = await ComputeAsync(cancellationToken);
        _countedAt = clock.GetUtcNow();
        // Some of what the centre shows changes with the date alone: a contract that ended yesterday breaks R12 today,
        // an annex that closed yesterday is no longer working. No write tells the centre, so it recomputes on a new day.
        this.RegisterGrainTimer(NewDayAsync, new GrainTimerCreationOptions(DayCheck, DayCheck) { Interleave = false });
        await base.OnActivateAsync(cancellationToken);
    }

    private async Task NewDayAsync(CancellationToken cancellationToken)
    {
        if (GreekTime.Today(clock) != _computedFor)
        {
            await RecomputeAsync(cancellationToken);
        }
        else
        {
            // tasks become overdue with time alone
            await WorkloadChanged();
        }
    }

    /// <summary>Marks the workload as behind: the next read counts it again (no await here, so nothing can interleave).</summary>
    public Task WorkloadChanged()
    {
        _workloadEvents++;
        return Task.CompletedTask;
    }

    private async Task<CentreWorkload?> WorkloadAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetService<ICentreWorkloadSource>() is { } source ? await source.GetAsync(this.GetPrimaryKey(), ct) : null;

    public async Task<CentreFigures?> GetFigures()
    {
        if (clock.GetUtcNow() - _countedAt > FileCountsAge)
        {
            // As if told: the counts are read again below. Set before any await, so the age alone starts one read (callers
            // that interleave before it lands read as after any notice).
            _countedAt = clock.GetUtcNow();
            _fileEvents++;
        }

        var files = _fileEvents;
        var work = _workloadEvents;
        if (_figures is null || (_countedAfter >= files && _workloadAfter >= work))
        {
            return _figures;
        }

        // Pages poll together: a read already under way that began after every event this caller must see serves it too,
        // so ten open pages after a registration cost one count, not ten.
        if (_reading is not { } reading || _readingFiles < files || _readingWork < work)
        {
            reading = _reading = ReadBehindPartsAsync(files, work);
            (_readingFiles, _readingWork) = (files, work);
        }

        try
        {
            await reading;
        }
        catch when (ReferenceEquals(_reading, reading))
        {
            _reading = null; // a failed read is not shared with the callers after this one
            throw;
        }

        return _figures;
    }

    /// <summary>Counts the parts that are behind <paramref name="files"/> and <paramref name="work"/> events, onto the current figures.</summary>
    private async Task ReadBehindPartsAsync(long files, long work)
    {
        var countFiles = _countedAfter < files;
        var countWork = _workloadAfter < work;
        await using var scope = scopes.CreateAsyncScope();
        var counts = countFiles ? await CountsAsync(scope.ServiceProvider.GetRequiredService<RegistriesDbContext>(), CancellationToken.None) : default;
        var workload = countWork ? await WorkloadAsync(scope.ServiceProvider, CancellationToken.None) : null;

        // Onto the figures as they are now (rule 1), each part only if no newer read got there first (rule 2).
        if (_figures is null)
        {
            return;
        }

        if (countFiles && files > _countedAfter)
        {
            _figures = _figures with { OpenFiles = counts.Open, FilesByCategory = counts.ByCategory, ComputedAt = clock.GetUtcNow() };
            _countedAfter = files;
            _countedAt = clock.GetUtcNow();
        }

        if (countWork && work > _workloadAfter)
        {
            _figures = _figures with { Workload = workload, ComputedAt = clock.GetUtcNow() };
            _workloadAfter = work;
        }
    }

    public Task<CentreFigures?> Recompute() => RecomputeAsync(CancellationToken.None);

    private async Task<CentreFigures?> RecomputeAsync(CancellationToken ct)
    {
        var files = _fileEvents;
        var work = _workloadEvents;
        var computed = await ComputeAsync(ct);
        if (computed is not null && _figures is not null)
        {
            // A read of the figures that started after this one has newer counts or workload: keep them.
            if (files < _countedAfter)
            {
                computed = computed with { OpenFiles = _figures.OpenFiles, FilesByCategory = _figures.FilesByCategory };
            }

            if (work < _workloadAfter)
            {
                computed = computed with { Workload = _figures.Workload };
            }
        }

        _countedAfter = Math.Max(_countedAfter, files);
        _workloadAfter = Math.Max(_workloadAfter, work);
        _countedAt = clock.GetUtcNow();
        _figures = computed;
        return _figures;
    }

    public Task FilesChanged()
    {
        _fileEvents++;
        return Task.CompletedTask;
    }

    private async Task<(int Open, IReadOnlyDictionary<string, int> ByCategory)> CountsAsync(RegistriesDbContext db, CancellationToken ct)
    {
        var centreId = this.GetPrimaryKey();
        // One row per category and slot (see CentreFileCount): the count is the sum.
        var counts = await db.CentreFileCounts.AsNoTracking().Where(c => c.CentreId == centreId)
            .GroupBy(c => c.Category).Select(g => new { Category = g.Key, Files = g.Sum(c => c.Files) }).ToListAsync(ct);
        return (counts.FirstOrDefault(c => c.Category == CentreFileCount.AllFiles)?.Files ?? 0,
            counts.Where(c => c.Category != CentreFileCount.AllFiles && c.Files > 0)
                .OrderBy(c => c.Category, StringComparer.Ordinal).ToDictionary(c => c.Category, c => c.Files, StringComparer.Ordinal));
    }

    private async Task<CentreFigures?> ComputeAsync(CancellationToken ct)
    {
        _computedFor = GreekTime.Today(clock);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var centre = await services.GetRequiredService<ICentreDirectory>().FindCentreAsync(this.GetPrimaryKey(), ct);
        if (centre is null)
        {
            return null;
        }

        var counts = await CountsAsync(services.GetRequiredService<RegistriesDbContext>(), ct);

        var compliance = new List<ComplianceSummary>();
        foreach (var source in services.GetServices<ICentreComplianceSource>())
        {
            compliance.Add(await source.EvaluateAsync(centre, ct));
        }

        IReadOnlyList<CentreOutpost> annexes = [], mobileUnits = [];
        if (services.GetService<ICentreOutpostSource>() is { } outposts)
        {
            (annexes, mobileUnits) = await outposts.ListAsync(centre.Id, GreekTime.Today(clock), ct);
        }

        return new CentreFigures(centre.Id, centre.Name, counts.Open, counts.ByCategory,
            [.. compliance.OrderBy(c => c.Area, StringComparer.Ordinal)], clock.GetUtcNow(), annexes, mobileUnits, await WorkloadAsync(services, ct));
    }
}
