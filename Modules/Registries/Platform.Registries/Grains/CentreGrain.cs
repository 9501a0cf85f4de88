using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Time;
using Platform.Registries.Contracts;
using Platform.Registries.Persistence;

namespace Platform.Registries.Grains;

/// <summary>
/// A community centre's live figures, compliance, annexes and mobile units. Nothing is stored here: they are recomputed on activation and on every
/// <see cref="Recompute"/>, which the modules call after each change (file events via the outbox, so none is
/// missed). File counts come from <c>registries.centre_file_counts</c>, kept by a statement trigger in the same
/// transaction as every change to a file, so a recompute reads a few rows however large the centre.
/// </summary>
internal sealed class CentreGrain(IServiceScopeFactory scopes, TimeProvider clock) : Grain, ICentreGrain
{
    /// <summary>How often an active centre looks whether the day changed (DST-proof, unlike a 24-hour period).</summary>
    internal static readonly TimeSpan DayCheck = TimeSpan.FromHours(1);

    private CentreFigures? _figures;
    private DateOnly _computedFor;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _figures = await ComputeAsync(cancellationToken);
        // Some of what the centre shows changes with the date alone: a contract that ended yesterday breaks R12 today,
        // an annex that closed yesterday is no longer working. No write tells the centre, so it recomputes on a new day.
        this.RegisterGrainTimer(NewDayAsync, new GrainTimerCreationOptions(DayCheck, DayCheck) { Interleave = false });
        await base.OnActivateAsync(cancellationToken);
    }

    private async Task NewDayAsync(CancellationToken cancellationToken)
    {
        if (GreekTime.Today(clock) != _computedFor)
        {
            _figures = await ComputeAsync(cancellationToken);
        }
    }

    public Task<CentreFigures?> GetFigures() => Task.FromResult(_figures);

    public async Task<CentreFigures?> Recompute()
    {
        _figures = await ComputeAsync(CancellationToken.None);
        return _figures;
    }

    public async Task FilesChanged()
    {
        if (_figures is null)
        {
            return; // not a community centre (an entry point registered the person)
        }

        await using var scope = scopes.CreateAsyncScope();
        var counts = await CountsAsync(scope.ServiceProvider.GetRequiredService<RegistriesDbContext>(), CancellationToken.None);
        _figures = _figures with { OpenFiles = counts.Open, FilesByCategory = counts.ByCategory, ComputedAt = clock.GetUtcNow() };
    }

    private async Task<(int Open, IReadOnlyDictionary<string, int> ByCategory)> CountsAsync(RegistriesDbContext db, CancellationToken ct)
    {
        var centreId = this.GetPrimaryKey();
        var counts = await db.CentreFileCounts.AsNoTracking().Where(c => c.CentreId == centreId).ToListAsync(ct);
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
            [.. compliance.OrderBy(c => c.Area, StringComparer.Ordinal)], clock.GetUtcNow(), annexes, mobileUnits);
    }
}
