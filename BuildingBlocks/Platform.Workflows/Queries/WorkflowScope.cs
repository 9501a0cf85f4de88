using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Identity;

namespace Platform.Workflows.Queries;

/// <summary>The centres whose instances an actor sees: every one, or these (possibly none).</summary>
public sealed record CentreSet(bool All, IReadOnlyList<Guid> Centres)
{
    public static CentreSet None { get; } = new(false, []);

    public bool Contains(Guid? centre) => All || (centre is { } c && Centres.Contains(c));
}

/// <summary>
/// Where an actor's workflow reads reach (issue 4, R20–R22), by the one rule of <see cref="ActorScope"/>: an administrator
/// (and the runtime itself) every centre; a supervisor the bodies of their municipality or regional unit, asked once per
/// scope from the registry (<see cref="ICentreLocator.BodiesInAreaAsync"/>); centre staff their own centre. Instances keep
/// only a centre id, so the area becomes a list of ids the queries filter by (<c>centre_id = ANY(…)</c>).
/// </summary>
internal sealed class WorkflowScope(ICurrentActor actor, IServiceProvider services, SharedReads shared, ILogger<Refusals> refusals)
{
    private CentreSet? _resolved;

    public ICurrentActor Actor => actor;

    public async ValueTask<CentreSet> CentresAsync(CancellationToken ct)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        if (actor.IsInRole(PlatformRoles.Administrator) || actor.IsInRole(PlatformRoles.System))
        {
            return _resolved = new CentreSet(true, []);
        }

        var centres = new List<Guid>();
        if (actor.IsInRole(PlatformRoles.Supervisor) && services.GetService<ICentreLocator>() is not null)
        {
            centres.AddRange(await BodiesInAreaAsync(actor.MunicipalityId, actor.RegionalUnit));
        }
        if (actor.CentreId is { } own && !actor.IsInRole(PlatformRoles.Supervisor) && !centres.Contains(own))
        {
            centres.Add(own);
        }
        return _resolved = new CentreSet(false, centres);
    }

    /// <summary>
    /// Every supervisor of an area asks the same question on every page: answered once for all of them while fresh, in a
    /// scope of its own (<see cref="OwnScope"/>). A body added to the area shows within <see cref="SharedReads.Lifetime"/>.
    /// </summary>
    private Task<IReadOnlyList<Guid>> BodiesInAreaAsync(Guid? municipalityId, string? regionalUnit) =>
        shared.GetAsync($"area|{municipalityId}|{regionalUnit}", () => services.AskCentreLocatorAsync(
            locator => locator.BodiesInAreaAsync(municipalityId, regionalUnit, CancellationToken.None), (IReadOnlyList<Guid>)[]));

    /// <summary>
    /// A list asked for one centre outright: 403 (logged, no personal data) when that centre is outside the actor's scope,
    /// instead of an empty answer that would look like "nothing there". Centres are public registry entries.
    /// </summary>
    public async ValueTask EnsureCoversAsync(Guid? centreId, string act, CancellationToken ct)
    {
        if (centreId is { } asked && !(await CentresAsync(ct)).Contains(asked))
        {
            throw Refusals.Forbidden(refusals, actor, act, "workflow-centre", "out-of-scope");
        }
    }
}
