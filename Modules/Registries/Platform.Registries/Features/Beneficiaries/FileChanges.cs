using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Outbox;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// What every change to a beneficiary writes besides the change itself, in the same transaction:
/// the audit row and the file event for the timeline (via the outbox).
/// </summary>
internal static class FileChanges
{
    public const string EntityType = "beneficiary";

    public static FileEvent Stage(
        RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, Beneficiary b, string kind, string auditAction,
        IReadOnlyList<string> fields, int householdSize, int activeConsents, string? reference = null)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor.UserName,
            ActorCentreId = actor.CentreId,
            Action = auditAction,
            EntityType = EntityType,
            EntityId = b.Id.ToString(),
            Fields = [.. fields],
        });
        var entry = new TimelineEntry(Guid.CreateVersion7(now), now, kind, actor.UserName, actor.CentreId, [.. fields], "registries", reference);
        return FileEventPublisher.Stage(db, b.Id, entry, Summarise(b, now, householdSize, activeConsents));
    }

    public static BeneficiaryFileSummary Summarise(Beneficiary b, DateTimeOffset now, int householdSize, int activeConsents) =>
        new(b.Id, b.Surname, b.FirstName, b.BirthDate, b.CentreId, b.MunicipalityId,
            b.RegisteredAt == default ? now : b.RegisteredAt,
            [.. b.Categories.Select(c => c.ToString())], householdSize, activeConsents);

    public static void AuditRead(RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, Guid id, params string[] what) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor.UserName,
            ActorCentreId = actor.CentreId,
            Action = AuditActions.Read,
            EntityType = EntityType,
            EntityId = id.ToString(),
            Fields = what,
        });

    /// <summary>A search or duplicate check: how it matched and how many it showed, never what was typed.</summary>
    public static void AuditSearch(RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, string how, int results) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor.UserName,
            ActorCentreId = actor.CentreId,
            Action = AuditActions.Search,
            EntityType = EntityType,
            EntityId = "*",
            Fields = [how, $"results:{results}"],
        });
}
