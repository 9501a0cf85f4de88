using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Access.Domain;
using Platform.BuildingBlocks.Identity;

namespace Platform.Access;

/// <summary>Puts the user's place (centre, municipality, regional unit) and whether their sign-in needs a second factor into the principal.</summary>
internal sealed class PlatformClaimsFactory(UserManager<PlatformUser> users, RoleManager<PlatformRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PlatformUser, PlatformRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlatformUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.CentreId is { } centre)
        {
            identity.AddClaim(new Claim(PlatformClaims.Centre, centre.ToString()));
        }

        if (user.MunicipalityId is { } municipality)
        {
            identity.AddClaim(new Claim(PlatformClaims.Municipality, municipality.ToString()));
        }

        if (!string.IsNullOrEmpty(user.RegionalUnit))
        {
            identity.AddClaim(new Claim(PlatformClaims.RegionalUnit, user.RegionalUnit));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }

        // Identity never signs a user with an enrolled authenticator in on the password alone, so a principal made
        // while it is enabled came through the second factor (or was refreshed from one that did).
        identity.AddClaim(new Claim(PlatformClaims.TwoFactor, user.TwoFactorEnabled.ToString(CultureInfo.InvariantCulture).ToLowerInvariant()));
        return identity;
    }
}
