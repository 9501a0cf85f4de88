using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Contracts;
using Platform.Registries.Domain;
using Platform.Registries.Grains;
using Platform.Registries.Outbox;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// What every change to a beneficiary writes besides the change itself, in the same transaction:
/// the audit row and the file event for the timeline (via the outbox; a new file's first state directly, see <see cref="Open"/>).
/// </summary>
internal static class FileChanges
{
    public const string EntityType = "beneficiary";

    public static FileEvent Stage(
        RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, Beneficiary b, string kind, string auditAction,
        IReadOnlyList<string> fields, int householdSize, int activeConsents, string? reference = null)
    {
        db.AuditLog.Add(Audit(actor, now, b.Id.ToString(), auditAction, fields));
        return FileEventPublisher.Stage(db, b.Id, Entry(actor, now, kind, fields, reference), Summarise(b, now, householdSize, activeConsents));
    }

    /// <summary>
    /// A new file (R29): its audit row and its first grain state (the summary and the registration on the timeline), both
    /// for the registration to write in its own transaction. No outbox: the file's state row commits with the person.
    /// </summary>
    public static (AuditEntry Audit, BeneficiaryFileState File) Open(
        ICurrentActor actor, DateTimeOffset now, Beneficiary b, string kind, IReadOnlyList<string> fields, int activeConsents, string? reference)
    {
        var file = new BeneficiaryFileState { Summary = Summarise(b, now, 0, activeConsents), SummaryAt = now };
        file.Timeline.Add(Entry(actor, now, kind, fields, reference));
        return (Audit(actor, now, b.Id.ToString(), AuditActions.Create, fields), file);
    }

    private static AuditEntry Audit(ICurrentActor actor, DateTimeOffset now, string entityId, string action, IReadOnlyList<string> fields) => new()
    {
        At = now,
        Actor = actor.UserName,
        ActorCentreId = actor.CentreId,
        Action = action,
        EntityType = EntityType,
        EntityId = entityId,
        Fields = [.. fields],
    };

    private static TimelineEntry Entry(ICurrentActor actor, DateTimeOffset now, string kind, IReadOnlyList<string> fields, string? reference) =>
        new(Guid.CreateVersion7(now), now, kind, actor.UserName, actor.CentreId, [.. fields], "registries", reference);

    public static BeneficiaryFileSummary Summarise(Beneficiary b, DateTimeOffset now, int householdSize, int activeConsents) =>
        new(b.Id, b.Surname, b.FirstName, b.BirthDate, b.CentreId, b.MunicipalityId,
            b.RegisteredAt == default ? now : b.RegisteredAt,
            [.. b.Categories.Select(c => c.ToString())], householdSize, activeConsents);

    public static void AuditRead(RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, Guid id, params string[] what) =>
        db.AuditLog.Add(Audit(actor, now, id.ToString(), AuditActions.Read, what));

    /// <summary>A search or duplicate check: how it matched and how many it showed, never what was typed.</summary>
    public static void AuditSearch(RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, string how, int results) =>
        db.AuditLog.Add(Audit(actor, now, "*", AuditActions.Search, [how, $"results:{results}"]));
}
