using Microsoft.AspNetCore.Http;

namespace Platform.BuildingBlocks.Identity;

/// <summary>Who is acting on this request: the name written to the audit and, later, the scope of what they may see.</summary>
public interface ICurrentActor
{
    string UserName { get; }

    /// <summary>The centre the user works at; null for municipal or regional users.</summary>
    Guid? CentreId { get; }
}

/// <summary>
/// Until sign-in lands (the web UI issue), the API runs only in Development and the actor comes
/// from the <c>X-Platform-User</c> / <c>X-Platform-Centre</c> headers, so audit rows still name someone.
/// </summary>
public sealed class DevelopmentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public const string UserHeader = "X-Platform-User";
    public const string CentreHeader = "X-Platform-Centre";

    public string UserName =>
        accessor.HttpContext?.Request.Headers[UserHeader].FirstOrDefault() is { Length: > 0 and <= 100 } user
            ? user
            : "development";

    public Guid? CentreId =>
        Guid.TryParse(accessor.HttpContext?.Request.Headers[CentreHeader].FirstOrDefault(), out var id) ? id : null;
}
