namespace Platform.BuildingBlocks.Identity;

/// <summary>Where a record lives: the centre (or structure) it belongs to, that centre's municipality and regional unit.</summary>
public sealed record RecordLocation(Guid? CentreId, Guid? MunicipalityId, string? RegionalUnit);

/// <summary>
/// The one rule of scope, for every module: centre staff see their own centre's records; a supervisor those of
/// their municipality or regional unit (R20–R22); an administrator every centre (users, centres, registries —
/// whether they see people at all is a policy, <see cref="PlatformPolicies"/>). A role's policy says what kind
/// of thing a user may do; the scope says where.
/// </summary>
public static class ActorScope
{
    private static readonly string[] CentreRoles =
        [PlatformRoles.CentreHead, PlatformRoles.Caseworker, PlatformRoles.EntryPointClerk, PlatformRoles.Scheduler];

    public static bool Covers(this ICurrentActor actor, RecordLocation at)
    {
        if (actor.IsInRole(PlatformRoles.Administrator) || actor.IsInRole(PlatformRoles.System))
        {
            return true;
        }

        if (actor.IsInRole(PlatformRoles.Supervisor)
            && ((actor.MunicipalityId is { } m && m == at.MunicipalityId)
                || (actor.RegionalUnit is { } unit && string.Equals(unit, at.RegionalUnit, StringComparison.Ordinal))))
        {
            return true;
        }

        return actor.CentreId is { } centre && centre == at.CentreId && CentreRoles.Any(actor.IsInRole);
    }

    /// <summary>True when the actor's scope is one centre (their lists are filtered by centre, not by area).</summary>
    public static bool IsCentreBound(this ICurrentActor actor) =>
        !actor.IsInRole(PlatformRoles.Administrator) && !actor.IsInRole(PlatformRoles.Supervisor) && !actor.IsInRole(PlatformRoles.System);
}
