using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.BuildingBlocks.Identity;

/// <summary>
/// Every authorisation rule of the Platform, in one table: a policy name per kind of act and the roles that may
/// do it. Endpoints say <c>.RequireAuthorization(PlatformPolicies.X)</c>, pages <c>[Authorize(Policy = …)]</c>,
/// handlers <c>actor.Allows(PlatformPolicies.X)</c>; where a record lives is checked by <see cref="ActorScope"/>.
/// Every policy also needs the second factor from the roles that require one.
/// </summary>
public static class PlatformPolicies
{
    /// <summary>Register a person and open their file (R26, R28): centre staff and entry-point clerks.</summary>
    public const string RegisterBeneficiaries = "beneficiaries.register";

    /// <summary>See the likely-duplicate warnings while registering (names and birth dates only, never a file).</summary>
    public const string CheckDuplicates = "beneficiaries.check-duplicates";

    /// <summary>Search and open files (profile, household, consents, timeline), within the actor's scope.</summary>
    public const string ReadBeneficiaries = "beneficiaries.read";

    /// <summary>Change a file (profile, household, consents): the centre's own caseworkers and head.</summary>
    public const string ChangeBeneficiaries = "beneficiaries.change";

    /// <summary>See special-category data (health, disability, ethnicity/Roma, migration status): only those who work the case.</summary>
    public const string ReadSpecialCategories = "beneficiaries.special-categories";

    /// <summary>Browse bodies, programmes and municipalities (every signed-in user).</summary>
    public const string ReadRegistries = "registries.read";

    /// <summary>Create and change bodies and programmes.</summary>
    public const string ManageRegistries = "registries.manage";

    /// <summary>A centre's figures, team and premises, within the actor's scope.</summary>
    public const string ReadCentres = "centres.read";

    /// <summary>Change a centre's team and premises: its head, or an administrator.</summary>
    public const string ManageCentres = "centres.manage";

    /// <summary>The audit of who read or changed files, within the actor's scope; the "who looked at my file" report.</summary>
    public const string ReadAudit = "audit.read";

    /// <summary>Users and their roles.</summary>
    public const string ManageUsers = "users.manage";

    /// <summary>
    /// Anything under <c>/api/workflows</c> and the instance page: the people who work, schedule or watch processes.
    /// Not an entry-point clerk (R28: they register people and nothing more); each read is further scoped by centre.
    /// </summary>
    public const string ReadWorkflows = "workflows.read";

    /// <summary>Work a case: fire a referral's or follow-up's triggers (the workflow runtime checks each trigger's roles too).</summary>
    public const string WorkCases = "cases.work";

    /// <summary>Follow-up policies and reminders (the scheduler's pages).</summary>
    public const string ScheduleFollowUps = "cases.schedule";

    /// <summary>Watch workflows: dashboards, instance lists, journals; read only (an administrator too: no personal data there).</summary>
    public const string Oversee = "oversight.read";

    /// <summary>Retry or cancel a faulted workflow instance (an incident).</summary>
    public const string ResolveIncidents = "oversight.resolve";

    private const string A = PlatformRoles.Administrator, H = PlatformRoles.CentreHead, C = PlatformRoles.Caseworker,
        E = PlatformRoles.EntryPointClerk, S = PlatformRoles.Scheduler, V = PlatformRoles.Supervisor;

    /// <summary>The rule table. A supervisor appears only on reading policies: they see, they never act (R20–R22).</summary>
    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [RegisterBeneficiaries] = [H, C, E],
        [CheckDuplicates] = [H, C, E],
        [ReadBeneficiaries] = [H, C, V],
        [ChangeBeneficiaries] = [H, C],
        [ReadSpecialCategories] = [H, C],
        [ReadRegistries] = [A, H, C, E, S, V],
        [ManageRegistries] = [A, H],
        [ReadCentres] = [A, H, C, S, V],
        [ManageCentres] = [A, H],
        [ReadAudit] = [H, V],
        [ManageUsers] = [A],
        [ReadWorkflows] = [A, H, C, S, V],
        [WorkCases] = [H, C],
        [ScheduleFollowUps] = [H, S],
        [Oversee] = [A, H, V],
        [ResolveIncidents] = [H],
    };

    /// <summary>Policies that only read: the only ones a supervisor holds.</summary>
    public static IReadOnlySet<string> ReadOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ReadBeneficiaries, ReadSpecialCategories, ReadRegistries, ReadCentres, ReadAudit, Oversee, ReadWorkflows,
    };

    /// <summary>Whether the actor holds a role the policy names (the same table the endpoints use).</summary>
    public static bool Allows(this ICurrentActor actor, string policy) =>
        Roles.TryGetValue(policy, out var roles) ? roles.Any(actor.IsInRole)
            : throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a Platform policy.");

    /// <summary>
    /// Registers every policy. The default (<c>[Authorize]</c>, <c>RequireAuthorization()</c>) and the fallback (an
    /// endpoint or page that names nothing) are both "signed in, with the second factor where the role needs it", so
    /// nothing is open by omission; only endpoints marked <see cref="TwoFactorEnrolmentAttribute"/> let a user who
    /// must still enrol an authenticator in.
    /// </summary>
    public static IServiceCollection AddPlatformAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, TwoFactorHandler>();
        var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new TwoFactorRequirement()).Build();
        services.AddAuthorizationBuilder().SetDefaultPolicy(signedIn).SetFallbackPolicy(signedIn);
        services.AddAuthorization(o =>
        {
            foreach (var (name, roles) in Roles)
            {
                o.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles).AddRequirements(new TwoFactorRequirement()));
            }
        });
        return services;
    }
}

/// <summary>Met unless the user holds a role that needs the second factor and signed in without one.</summary>
public sealed class TwoFactorRequirement : IAuthorizationRequirement
{
    public static bool IsSatisfiedBy(ClaimsPrincipal user) =>
        !PlatformRoles.RequiringTwoFactor.Any(user.IsInRole)
        || user.HasClaim(PlatformClaims.TwoFactor, "true")
        || user.HasClaim("amr", "mfa");
}

/// <summary>Marks the endpoints and pages where a user enrols their authenticator: reachable before the second factor exists.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class TwoFactorEnrolmentAttribute : Attribute;

internal sealed class TwoFactorHandler : AuthorizationHandler<TwoFactorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorRequirement requirement)
    {
        // The endpoint (middleware) or the page (the Blazor router) says whether this is where one enrols.
        var enrolment = context.Resource switch
        {
            Microsoft.AspNetCore.Http.HttpContext http =>
                Microsoft.AspNetCore.Http.EndpointHttpContextExtensions.GetEndpoint(http)?.Metadata.GetMetadata<TwoFactorEnrolmentAttribute>() is not null,
            Microsoft.AspNetCore.Components.RouteData route => route.PageType.IsDefined(typeof(TwoFactorEnrolmentAttribute), inherit: true),
            _ => false,
        };
        if (enrolment || TwoFactorRequirement.IsSatisfiedBy(context.User))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "two-factor-required"));
        }

        return Task.CompletedTask;
    }
}
