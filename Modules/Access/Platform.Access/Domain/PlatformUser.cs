using Microsoft.AspNetCore.Identity;

namespace Platform.Access.Domain;

/// <summary>
/// A certified user (R26, R28): centre staff belong to a centre (an entry-point clerk to the structure they register
/// for); a supervisor to a municipality or a whole regional unit (R20–R22); an administrator to neither.
/// </summary>
internal sealed class PlatformUser : IdentityUser<Guid>
{
    /// <summary>The name shown in the pages («Ελένη Παππά»); the user name is what the audit records.</summary>
    public string? DisplayName { get; set; }

    public Guid? CentreId { get; set; }

    public Guid? MunicipalityId { get; set; }

    public string? RegionalUnit { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One of <see cref="Platform.BuildingBlocks.Identity.PlatformRoles"/>; the rows come with the schema's migration.</summary>
internal sealed class PlatformRole : IdentityRole<Guid>;
