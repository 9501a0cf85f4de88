using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Persistence;
using Platform.Premises.Domain;

namespace Platform.Premises.Persistence;

internal sealed class PremisesDbContext(DbContextOptions<PremisesDbContext> options) : DbContext(options)
{
    public const string Schema = "premises";

    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Space> Spaces => Set<Space>();
    public DbSet<Outpost> Outposts => Set<Outpost>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema(Schema);
        b.HasAuditLog();
        b.HasCentreChanges();
        b.Entity<Site>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Street).HasMaxLength(200);
            e.Property(x => x.PostalCode).HasMaxLength(5);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.Ownership).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => x.CentreId);
            e.HasMany(x => x.Spaces).WithOne().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Space>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.AccessibilityNotes).HasMaxLength(500);
        });
        b.Entity<Outpost>(e =>
        {
            e.ToTable("outposts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(200).UseCollation(ModuleDatabase.GreekCollation);
            e.PrimitiveCollection(x => x.Reasons).ElementType(t => t.HasConversion<string>());
            e.Property(x => x.NoEasyAccess).HasMaxLength(500);
            e.Property(x => x.Street).HasMaxLength(200);
            e.Property(x => x.PostalCode).HasMaxLength(5);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => new { x.CentreId, x.Kind });
            e.HasMany(x => x.Areas).WithOne().HasForeignKey(a => a.OutpostId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Visits).WithOne().HasForeignKey(v => v.OutpostId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ServedArea>(e =>
        {
            e.ToTable("outpost_areas");
            e.HasKey(x => x.Id);
            // Ids are made by the code; "never generated" lets a new area found on a tracked outpost be inserted, not updated.
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Settlement).HasMaxLength(100);
            e.HasIndex(x => x.OutpostId);
            // Which outposts serve a municipality (R18: is it served at all?).
            e.HasIndex(x => x.MunicipalityId);
        });
        b.Entity<Visit>(e =>
        {
            e.ToTable("mobile_unit_visits");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Settlement).HasMaxLength(100);
            e.Property(x => x.Weekday).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.On).HasColumnName("on_date");
            e.Property(x => x.From).HasColumnName("starts_at");
            e.Property(x => x.To).HasColumnName("ends_at");
            e.HasIndex(x => x.OutpostId);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("ck_mobile_unit_visits_weekday_or_date", "(weekday IS NULL) <> (on_date IS NULL)");
                t.HasCheckConstraint("ck_mobile_unit_visits_times", "starts_at < ends_at");
            });
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only.</summary>
internal sealed class PremisesDesignTimeFactory : IDesignTimeDbContextFactory<PremisesDbContext>
{
    public PremisesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PremisesDbContext>()
            .UseModuleNpgsql("Host=127.0.0.1;Port=55432;Username=postgres;Database=platform_design", PremisesDbContext.Schema)
            .Options);
}
