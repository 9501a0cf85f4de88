using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Auditing;

/// <summary>
/// One audited act: who did what to which record, when. <see cref="Fields"/> names what changed,
/// never the values (the audit must not become a second copy of special-category data).
/// Each module keeps its audit in its own schema and writes it in the same transaction as the change.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public Guid? ActorCentreId { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public string[] Fields { get; init; } = [];
}

public static class AuditActions
{
    public const string Read = "read";
    public const string Create = "create";
    public const string Update = "update";
    public const string Search = "search";
}

public static class AuditModelBuilderExtensions
{
    /// <summary>Maps the module's audit table (<c>audit_log</c> in the module's default schema).</summary>
    public static ModelBuilder HasAuditLog(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).UseIdentityAlwaysColumn();
            e.Property(a => a.Actor).HasMaxLength(100);
            e.Property(a => a.Action).HasMaxLength(20);
            e.Property(a => a.EntityType).HasMaxLength(50);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
            e.HasIndex(a => a.At);
        });
        return modelBuilder;
    }
}
