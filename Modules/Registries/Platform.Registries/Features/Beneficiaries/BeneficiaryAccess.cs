using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Domain;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// Which files an actor may see (issue 4): centre staff their own centre's; a supervisor those registered at any body
/// of their municipality or regional unit; nobody else any. A file outside the scope is answered 404, as if it did
/// not exist, and the refusal is logged (no personal data) and written to the audit with the file's id.
/// </summary>
internal static class BeneficiaryAccess
{
    public const string Refused = "refused";

    /// <summary>The files within the actor's scope, as a filter the search and lists compose with.</summary>
    public static IQueryable<Beneficiary> Visible(this IQueryable<Beneficiary> files, RegistriesDbContext db, ICurrentActor actor)
    {
        if (actor.IsInRole(PlatformRoles.System))
        {
            return files;
        }

        if (actor.IsInRole(PlatformRoles.Supervisor))
        {
            var municipality = actor.MunicipalityId;
            var unit = actor.RegionalUnit;
            var bodies = db.Bodies.Where(x => x.MunicipalityId == municipality
                || db.Municipalities.Any(m => m.Id == x.MunicipalityId && m.RegionalUnit == unit)).Select(x => (Guid?)x.Id);
            return files.Where(b => bodies.Contains(b.CentreId));
        }

        if (actor.IsCentreBound() && actor.CentreId is { } centre)
        {
            return files.Where(b => b.CentreId == centre);
        }

        return files.Where(_ => false);
    }

    /// <summary>404 unless the file exists and is within the actor's scope.</summary>
    public static async Task EnsureVisibleAsync(RegistriesDbContext db, ICurrentActor actor, ILogger logger, TimeProvider clock, Guid id, string act, CancellationToken ct)
    {
        if (!await db.Beneficiaries.AsNoTracking().Visible(db, actor).AnyAsync(b => b.Id == id, ct))
        {
            throw await RefuseAsync(db, actor, logger, clock, id, act, ct);
        }
    }

    /// <summary>
    /// The answer for a file the actor cannot see: 404 either way; when the file does exist, the refusal is logged
    /// (no personal data) and audited with the file's id, in its own save (nothing else is pending in the context).
    /// </summary>
    public static async Task<Exception> RefuseAsync(RegistriesDbContext db, ICurrentActor actor, ILogger logger, TimeProvider clock, Guid id, string act, CancellationToken ct)
    {
        if (!await db.Beneficiaries.AnyAsync(b => b.Id == id, ct))
        {
            return BeneficiaryErrors.NotFound();
        }

        AuditRefusal(db, actor, clock, id, act);
        await db.SaveChangesAsync(ct);
        return Refusals.OutOfScope(logger, actor, act, FileChanges.EntityType, BeneficiaryErrors.NotFound());
    }

    public static void AuditRefusal(RegistriesDbContext db, ICurrentActor actor, TimeProvider clock, Guid id, string act) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor.UserName,
            ActorCentreId = actor.CentreId,
            Action = Refused,
            EntityType = FileChanges.EntityType,
            EntityId = id.ToString(),
            Fields = [act],
        });
}

/// <summary>
/// Special-category data (GDPR art. 9 and 10): health, disability, ethnic origin (Roma), migration status, criminal
/// record. Only those who work the case see it (<see cref="PlatformPolicies.ReadSpecialCategories"/>); for everyone
/// else it is left out of every answer, not masked, so nothing reveals that it exists.
/// </summary>
internal static class SpecialCategories
{
    public static readonly IReadOnlySet<VulnerableGroup> Groups = new HashSet<VulnerableGroup>
    {
        VulnerableGroup.MigrantOrRefugee,
        VulnerableGroup.UnaccompaniedMinor,
        VulnerableGroup.Roma,
        VulnerableGroup.PersonWithDisability,
        VulnerableGroup.ChronicIllness,
        VulnerableGroup.SubstanceDependence,
        VulnerableGroup.FormerPrisoner,
    };

    /// <summary>Documents that tell a person's migration status by their kind alone.</summary>
    private static readonly IReadOnlySet<IdentityDocumentKind> MigrationDocuments = new HashSet<IdentityDocumentKind>
    {
        IdentityDocumentKind.ResidencePermit,
        IdentityDocumentKind.AsylumSeekerCard,
    };

    public static bool IsSpecial(VulnerableGroup group) => Groups.Contains(group);

    public static bool IsSpecial(string group) => Enum.TryParse<VulnerableGroup>(group, ignoreCase: true, out var g) && IsSpecial(g);

    /// <summary>The profile as the actor may see it: special-category groups, nationality and a migration document's kind and number removed.</summary>
    public static BeneficiaryProfile ForActor(BeneficiaryProfile profile, bool maySee)
    {
        if (maySee)
        {
            return profile;
        }

        var migrationDocument = profile.DocumentKind is { } kind && MigrationDocuments.Contains(kind);
        return profile with
        {
            Categories = [.. (profile.Categories ?? []).Where(c => !IsSpecial(c))],
            Nationality = null,
            DocumentKind = migrationDocument ? null : profile.DocumentKind,
            DocumentNumber = migrationDocument ? null : profile.DocumentNumber,
        };
    }
}
