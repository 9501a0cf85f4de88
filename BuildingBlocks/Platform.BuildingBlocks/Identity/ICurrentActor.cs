namespace Platform.BuildingBlocks.Identity;

/// <summary>Who is acting on this request: the name written to the audit, their roles and the centre that scopes what they may see.</summary>
public interface ICurrentActor
{
    string UserName { get; }

    /// <summary>The centre the user works at; null for municipal or regional users.</summary>
    Guid? CentreId { get; }

    /// <summary>The user's roles, from <see cref="PlatformRoles"/>.</summary>
    IReadOnlySet<string> Roles { get; }

    bool IsInRole(string role) => Roles.Contains(role);
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
}
