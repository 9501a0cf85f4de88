using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Platform.Access.Domain;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Persistence;

namespace Platform.Access.Persistence;

/// <summary>ASP.NET Core Identity's tables in the module's own schema, under plain names (users, roles, user_roles, …).</summary>
internal sealed class AccessDbContext(DbContextOptions<AccessDbContext> options)
    : IdentityDbContext<PlatformUser, PlatformRole, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "identity";

    /// <summary>The key ring that protects sign-in cookies and bearer tokens, shared by every host of the cluster.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<PlatformUser>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.RegionalUnit).HasMaxLength(100);
            e.HasIndex(u => u.CentreId);
        });
        // The six roles are part of the schema: every environment has them, nothing seeds them at run time.
        builder.Entity<PlatformRole>().ToTable("roles").HasData(PlatformRoles.All.Select((name, i) => new PlatformRole
        {
            Id = new Guid($"00000000-0000-4000-8000-0000000000{i + 1:D2}"),
            Name = name,
            NormalizedName = name.ToUpperInvariant(),
            ConcurrencyStamp = name,
        }));
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}

/// <summary>For `dotnet ef migrations add`: no database is touched.</summary>
internal sealed class AccessDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<AccessDbContext>
{
    public AccessDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AccessDbContext>()
            .UseModuleNpgsql("Host=127.0.0.1;Port=55432;Username=postgres;Database=platform_design", AccessDbContext.Schema)
            .Options);
}
