using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Identity;
using Platform.Registries.Persistence;

namespace Platform.Registries.Features;

internal static class RegistryAudit
{
    /// <summary>Audits a change to the bodies or programmes registry in the caller's transaction.</summary>
    public static void Changed(RegistriesDbContext db, ICurrentActor actor, DateTimeOffset now, string action, string entityType, Guid id, IEnumerable<string> fields) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor.UserName,
            ActorCentreId = actor.CentreId,
            Action = action,
            EntityType = entityType,
            EntityId = id.ToString(),
            Fields = [.. fields],
        });

    /// <summary>Names the properties whose values differ between two snapshots of the same record.</summary>
    public static IReadOnlyList<string> Diff<T>(T before, T after) where T : notnull =>
        [.. typeof(T).GetProperties()
            .Where(p => !Equivalent(p.GetValue(before), p.GetValue(after)))
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])];

    private static bool Equivalent(object? a, object? b) => (a, b) switch
    {
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string =>
            x.Cast<object?>().SequenceEqual(y.Cast<object?>()),
        _ => Equals(a, b),
    };
}
