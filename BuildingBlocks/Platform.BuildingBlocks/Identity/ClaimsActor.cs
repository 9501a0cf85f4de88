using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Platform.BuildingBlocks.Identity;

/// <summary>
/// The principal of the work in this DI scope. An HTTP request has its own (<c>HttpContext.User</c>); a
/// Blazor circuit has no request, so the web layer sets the signed-in user here for each scope it opens.
/// </summary>
public sealed class CurrentPrincipal
{
    public ClaimsPrincipal? User { get; set; }
}

/// <summary>The actor of a request or a Blazor scope, read from the signed-in user's claims (cookie or bearer token).</summary>
public sealed class ClaimsActor(CurrentPrincipal scoped, IHttpContextAccessor http) : ICurrentActor
{
    private ClaimsPrincipal User => scoped.User ?? http.HttpContext?.User ?? Anonymous;

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public bool IsAuthenticated => User.Identity?.IsAuthenticated == true;

    /// <summary>The user name for the audit; "anonymous" before sign-in (nothing but sign-in is reachable then).</summary>
    public string UserName => IsAuthenticated ? User.Identity!.Name ?? "unknown" : "anonymous";

    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    public Guid? CentreId => GuidClaim(PlatformClaims.Centre);

    public Guid? MunicipalityId => GuidClaim(PlatformClaims.Municipality);

    public string? RegionalUnit => User.FindFirstValue(PlatformClaims.RegionalUnit) is { Length: > 0 } unit ? unit : null;

    public IReadOnlySet<string> Roles =>
        User.FindAll(ClaimTypes.Role).Select(c => c.Value).Where(r => PlatformRoles.All.Contains(r)).ToHashSet(StringComparer.Ordinal);

    public bool IsInRole(string role) => User.IsInRole(role);

    private Guid? GuidClaim(string type) => Guid.TryParse(User.FindFirstValue(type), out var id) ? id : null;
}
