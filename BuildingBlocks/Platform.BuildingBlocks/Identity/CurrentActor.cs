using Microsoft.AspNetCore.Http;

namespace Platform.BuildingBlocks.Identity;

/// <summary>
/// Until sign-in lands (the web UI issue), the API runs only in Development and the actor comes
/// from the <c>X-Platform-User</c> / <c>X-Platform-Centre</c> / <c>X-Platform-Roles</c> headers, so
/// audit rows still name someone and role rules can be exercised. Without a roles header the actor is a caseworker.
/// </summary>
public sealed class DevelopmentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public const string UserHeader = "X-Platform-User";
    public const string CentreHeader = "X-Platform-Centre";
    public const string RolesHeader = "X-Platform-Roles";

    public string UserName =>
        accessor.HttpContext?.Request.Headers[UserHeader].FirstOrDefault() is { Length: > 0 and <= 100 } user
            ? user
            : "development";

    public Guid? CentreId =>
        Guid.TryParse(accessor.HttpContext?.Request.Headers[CentreHeader].FirstOrDefault(), out var id) ? id : null;

    public IReadOnlySet<string> Roles
    {
        get
        {
            var header = accessor.HttpContext?.Request.Headers[RolesHeader].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(header))
            {
                return DefaultRoles;
            }

            return header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => PlatformRoles.All.FirstOrDefault(known => string.Equals(known, r, StringComparison.OrdinalIgnoreCase)))
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    private static readonly IReadOnlySet<string> DefaultRoles = new HashSet<string>(StringComparer.Ordinal) { PlatformRoles.Caseworker };
}
