namespace Platform.BuildingBlocks.Identity;

/// <summary>The claims the Platform puts in a signed-in user's cookie or bearer token besides name and roles.</summary>
public static class PlatformClaims
{
    public const string Centre = "platform:centre";
    public const string Municipality = "platform:municipality";
    public const string RegionalUnit = "platform:regional_unit";

    /// <summary>
    /// "true" when the principal was made for a user whose sign-in needs the second factor (an authenticator
    /// is enrolled): Identity then never signs them in on a password alone, so the principal itself is proof.
    /// </summary>
    public const string TwoFactor = "platform:two_factor";
}
