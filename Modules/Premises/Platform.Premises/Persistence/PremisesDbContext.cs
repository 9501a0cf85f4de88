using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Persistence;
using Platform.Premises.Domain;

namespace Platform.Premises.Persistence;

internal sealed class PremisesDbContext(DbContextOptions<PremisesDbContext> options) : DbContext(options)
{
    public const string Schema = "premises";

    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Space> Spaces => Set<Space>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema(Schema);
        b.HasAuditLog();
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
