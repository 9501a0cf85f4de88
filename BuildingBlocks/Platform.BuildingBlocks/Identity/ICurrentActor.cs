namespace Platform.BuildingBlocks.Identity;

/// <summary>
/// Who is acting on this request: the name written to the audit, their roles and the place that scopes
/// what they may see (a centre for centre staff; a municipality or regional unit for supervisors).
/// Built from the signed-in user's claims (<see cref="ClaimsActor"/>); the workflow runtime's timers
/// act as <see cref="PlatformRoles.System"/>.
/// </summary>
public interface ICurrentActor
{
    string UserName { get; }

    /// <summary>The centre (or, for an entry-point clerk, the structure) the user works at; null for municipal or regional users.</summary>
    Guid? CentreId { get; }

    /// <summary>The user's roles, from <see cref="PlatformRoles"/>.</summary>
    IReadOnlySet<string> Roles { get; }

    bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The stable id of the user (for logs: never their name).</summary>
    string? UserId => null;

    /// <summary>A supervisor's municipality, when their area is one municipality.</summary>
    Guid? MunicipalityId => null;

    /// <summary>A supervisor's regional unit («Τρικάλων»), when their area is a whole regional unit.</summary>
    string? RegionalUnit => null;

    bool IsAuthenticated => true;
}

/// <summary>The six roles of the Platform (issue 4, R13, R20–R22, R26, R28).</summary>
public static class PlatformRoles
{
    public const string Administrator = nameof(Administrator);

    /// <summary>The head social worker of a centre (R13).</summary>
    public const string CentreHead = nameof(CentreHead);

    public const string Caseworker = nameof(Caseworker);

    /// <summary>A clerk of another municipal structure that may only register people (R28).</summary>
    public const string EntryPointClerk = nameof(EntryPointClerk);

    public const string Scheduler = nameof(Scheduler);

    /// <summary>Reads everything in their area, changes nothing (R20–R22).</summary>
    public const string Supervisor = nameof(Supervisor);

    /// <summary>The workflow runtime itself, when a timer fires a trigger; no person holds it.</summary>
    public const string System = nameof(System);

    public static IReadOnlyList<string> All { get; } =
        [Administrator, CentreHead, Caseworker, EntryPointClerk, Scheduler, Supervisor];

    /// <summary>Roles whose sign-in needs a second factor (an authenticator app): they see or change the most.</summary>
    public static IReadOnlyList<string> RequiringTwoFactor { get; } = [Administrator, Supervisor];
}
