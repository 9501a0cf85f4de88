using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Access.Domain;
using Platform.BuildingBlocks.Identity;

namespace Platform.Access.Seed;

/// <summary>
/// `./platform run`'s demo users: one per role for the demo centre (Κέντρο Κοινότητας Δήμου Τρικκαίων; the ids are
/// the Registries demo data's fixed ids). Passwords are generated here, never stored in the repository; the
/// administrator and the supervisor get an authenticator already enrolled, its secret printed with the password.
/// </summary>
internal static class DemoUsers
{
    public static readonly Guid DemoCentre = new("0b5e7a10-0000-4000-8000-000000000101");
    public static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");

    private static readonly (string UserName, string Role, string DisplayName, bool AtCentre)[] Users =
    [
        ("admin", PlatformRoles.Administrator, "Διαχειριστής Πλατφόρμας", false),
        ("head", PlatformRoles.CentreHead, "Ελένη Παππά", true),
        ("caseworker", PlatformRoles.Caseworker, "Νίκος Αλεξίου", true),
        ("clerk", PlatformRoles.EntryPointClerk, "Μαρία Γεωργίου", true),
        ("scheduler", PlatformRoles.Scheduler, "Κώστας Δήμου", true),
        ("supervisor", PlatformRoles.Supervisor, "Αθηνά Σταύρου", false),
    ];

    public static async Task<IReadOnlyList<DemoCredential>> SeedAsync(UserManager<PlatformUser> users, string? fixedPassword, CancellationToken ct)
    {
        var made = new List<DemoCredential>();
        foreach (var (userName, role, displayName, atCentre) in Users)
        {
            if (await users.Users.AnyAsync(u => u.NormalizedUserName == userName.ToUpperInvariant(), ct))
            {
                continue;
            }

            var user = new PlatformUser
            {
                Id = Guid.CreateVersion7(),
                UserName = userName,
                DisplayName = displayName,
                CentreId = atCentre ? DemoCentre : null,
                MunicipalityId = role == PlatformRoles.Supervisor ? Trikala : null,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            var password = fixedPassword ?? Passwords.Generate();
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                if (created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
                {
                    continue; // another host seeded it a moment ago
                }

                throw new InvalidOperationException($"Demo user {userName}: {string.Join("; ", created.Errors.Select(e => e.Code))}");
            }

            await users.AddToRoleAsync(user, role);
            string? key = null;
            if (PlatformRoles.RequiringTwoFactor.Contains(role))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
            }

            made.Add(new DemoCredential(userName, role, password, key));
        }

        return made;
    }
}
