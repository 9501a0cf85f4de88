using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Identity;
using Platform.Premises.Domain;
using Platform.Registries.Contracts;

namespace Platform.Premises.Features.AnnexesAndMobileUnits;

/// <summary>One annex or mobile unit.</summary>
internal sealed record GetAnnex(Guid Id) : IQuery<AnnexView>;

internal sealed record GetMobileUnit(Guid Id) : IQuery<MobileUnitView>;

/// <summary>A centre's annexes and mobile units, working or ended, oldest first.</summary>
internal sealed record GetCentreOutposts(Guid CentreId) : IQuery<CentreOutpostsView>;

internal sealed class GetOutpostsHandlers(OutpostStore store, ICentreDirectory centres, IServiceProvider services)
    : IQueryHandler<GetAnnex, AnnexView>, IQueryHandler<GetMobileUnit, MobileUnitView>, IQueryHandler<GetCentreOutposts, CentreOutpostsView>
{
    public async ValueTask<AnnexView> Handle(GetAnnex query, CancellationToken cancellationToken) =>
        await store.AnnexViewAsync(await FindAsync(query.Id, OutpostKind.Annex, cancellationToken), cancellationToken);

    public async ValueTask<MobileUnitView> Handle(GetMobileUnit query, CancellationToken cancellationToken) =>
        await store.MobileUnitViewAsync(await FindAsync(query.Id, OutpostKind.MobileUnit, cancellationToken), cancellationToken);

    public async ValueTask<CentreOutpostsView> Handle(GetCentreOutposts query, CancellationToken cancellationToken)
    {
        _ = await centres.FindCentreAsync(query.CentreId, cancellationToken) ?? throw PremisesErrors.NoSuchCentre();
        return await store.CentreViewAsync(await ListAsync(store, query.CentreId, cancellationToken), cancellationToken);
    }

    public static Task<List<Outpost>> ListAsync(OutpostStore store, Guid centreId, CancellationToken ct) =>
        store.Load().AsNoTracking().Where(o => o.CentreId == centreId).OrderBy(o => o.StartDate).ThenBy(o => o.Id).ToListAsync(ct);

    /// <summary>By id, but only within the actor's scope: another centre's annex is refused (403, logged) like its centre.</summary>
    private async Task<Outpost> FindAsync(Guid id, OutpostKind kind, CancellationToken ct)
    {
        var outpost = await store.Load().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.Kind == kind, ct) ?? throw PremisesErrors.NoSuchOutpost(kind);
        await CentreScopeEndpoints.EnsureCentreInScopeAsync(services, outpost.CentreId, "GET", ct);
        return outpost;
    }
}

/// <summary>The centre grain's view of the annexes and mobile units (R17–R19).</summary>
internal sealed class CentreOutpostSource(OutpostStore store) : ICentreOutpostSource
{
    public async Task<(IReadOnlyList<CentreOutpost> Annexes, IReadOnlyList<CentreOutpost> MobileUnits)> ListAsync(Guid centreId, DateOnly today, CancellationToken cancellationToken)
    {
        var view = await store.CentreViewAsync(await GetOutpostsHandlers.ListAsync(store, centreId, cancellationToken), cancellationToken);
        static IReadOnlyList<string> Municipalities(IEnumerable<ServedAreaView> areas) => [.. areas.Select(a => a.MunicipalityName).Distinct(StringComparer.Ordinal)];
        return (
            [.. view.Annexes.Select(a => new CentreOutpost(a.Id, a.Name, a.StartDate, a.EndDate, a.StartDate <= today && (a.EndDate is null || a.EndDate >= today),
                Municipalities(a.Areas), a.Areas.Count(x => x.Settlement is not null), a.FormerRomaSupportCentre))],
            [.. view.MobileUnits.Select(m => new CentreOutpost(m.Id, m.Name, m.StartDate, m.EndDate, m.StartDate <= today && (m.EndDate is null || m.EndDate >= today),
                Municipalities(m.Areas), m.Areas.Count(x => x.Settlement is not null), false))]);
    }
}
