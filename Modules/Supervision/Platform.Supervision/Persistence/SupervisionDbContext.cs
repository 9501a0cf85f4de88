using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Persistence;
using Platform.Supervision.Domain;

namespace Platform.Supervision.Persistence;

internal sealed class SupervisionDbContext(DbContextOptions<SupervisionDbContext> options) : DbContext(options)
{
    public const string Schema = "supervision";

    public DbSet<CentreOversight> Oversight => Set<CentreOversight>();
    public DbSet<RegulationVersion> RegulationVersions => Set<RegulationVersion>();
    public DbSet<RegulationDocument> RegulationDocuments => Set<RegulationDocument>();
    public DbSet<AnnualReportFiling> AnnualReportFilings => Set<AnnualReportFiling>();
    public DbSet<DeadlineReminder> DeadlineReminders => Set<DeadlineReminder>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema(Schema);
        b.HasAuditLog();
        b.Entity<CentreOversight>(e =>
        {
            e.ToTable("centre_oversight");
            e.HasKey(x => x.CentreId);
            e.Property(x => x.Version).IsRowVersion();
        });
        b.Entity<RegulationVersion>(e =>
        {
            e.ToTable("regulation_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.DecisionNumber).HasMaxLength(50);
            e.Property(x => x.ProtocolNumber).HasMaxLength(50);
            e.Property(x => x.Summary).HasMaxLength(2000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.Property(x => x.Version).IsRowVersion();
            e.Ignore(x => x.IsInitial);
            // Versions 1, 2, … per centre: two amendments recorded at once cannot both take the same number.
            e.HasIndex(x => new { x.CentreId, x.Number }).IsUnique();
            e.HasOne<RegulationDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_regulation_versions_number", "number >= 1"));
        });
        b.Entity<RegulationDocument>(e =>
        {
            e.ToTable("regulation_documents");
            e.HasKey(x => x.Id);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        });
        b.Entity<AnnualReportFiling>(e =>
        {
            e.ToTable("annual_report_filings");
            e.HasKey(x => new { x.CentreId, x.Year });
            e.Property(x => x.ProtocolNumber).HasMaxLength(50);
            e.Property(x => x.Snapshot).HasColumnType("jsonb");
            e.Property(x => x.SnapshotSha256).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.RecordedBy).HasMaxLength(100);
        });
        b.Entity<DeadlineReminder>(e =>
        {
            e.ToTable("deadline_reminders");
            e.HasKey(x => new { x.CentreId, x.DeadlineKey, x.DueOn });
            e.Property(x => x.DeadlineKey).HasMaxLength(40);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only.</summary>
internal sealed class SupervisionDesignTimeFactory : IDesignTimeDbContextFactory<SupervisionDbContext>
{
    public SupervisionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SupervisionDbContext>()
            .UseModuleNpgsql("Host=127.0.0.1;Port=55432;Username=postgres;Database=platform_design", SupervisionDbContext.Schema)
            .Options);
}
