using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Outbox;
using Platform.BuildingBlocks.Persistence;
using Platform.Staffing.Domain;

namespace Platform.Staffing.Persistence;

internal sealed class StaffingDbContext(DbContextOptions<StaffingDbContext> options) : DbContext(options)
{
    public const string Schema = "staffing";

    public DbSet<StaffMember> Staff => Set<StaffMember>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema(Schema);
        b.HasAuditLog();
        b.HasCentreChanges();
        b.Entity<StaffMember>(e =>
        {
            e.ToTable("staff_members");
            e.HasKey(x => x.Id);
            e.Property(x => x.Reference).HasMaxLength(50);
            e.Property(x => x.Specialty).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => new { x.CentreId, x.Reference }).IsUnique();
        });
    }
}

/// <summary>For <c>dotnet ef migrations add</c> only.</summary>
internal sealed class StaffingDesignTimeFactory : IDesignTimeDbContextFactory<StaffingDbContext>
{
    public StaffingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StaffingDbContext>()
            .UseModuleNpgsql("Host=127.0.0.1;Port=55432;Username=postgres;Database=platform_design", StaffingDbContext.Schema)
            .Options);
}
