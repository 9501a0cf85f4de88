using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Auditing;
using Platform.BuildingBlocks.Persistence;
using Platform.Registries.Domain;
using Platform.Registries.Outbox;

namespace Platform.Registries.Persistence;

internal sealed class RegistriesDbContext(DbContextOptions<RegistriesDbContext> options) : DbContext(options)
{
    public const string Schema = "registries";

    public DbSet<Beneficiary> Beneficiaries => Set<Beneficiary>();
    public DbSet<HouseholdLink> HouseholdLinks => Set<HouseholdLink>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Body> Bodies => Set<Body>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<SurnameKey> SurnameKeys => Set<SurnameKey>();
    public DbSet<SurnameKeyNeighbour> SurnameKeyNeighbours => Set<SurnameKeyNeighbour>();
    public DbSet<CentreFileCount> CentreFileCounts => Set<CentreFileCount>();
    public DbSet<StoredFile> Files => Set<StoredFile>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema(Schema);
        b.HasPostgresExtension("pg_trgm");
        b.HasAuditLog();

        b.Entity<Beneficiary>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Surname).HasMaxLength(100).UseCollation(ModuleDatabase.GreekCollation);
            e.Property(x => x.FirstName).HasMaxLength(100).UseCollation(ModuleDatabase.GreekCollation);
            e.Property(x => x.FatherName).HasMaxLength(100);
            e.Property(x => x.MotherName).HasMaxLength(100);
            e.Property(x => x.Sex).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Amka).HasMaxLength(11).IsFixedLength(false);
            e.Property(x => x.Afm).HasMaxLength(9);
            e.Property(x => x.DocumentKind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.DocumentNumber).HasMaxLength(30);
            e.Property(x => x.NoDocumentReason).HasMaxLength(500);
            e.Property(x => x.Nationality).HasMaxLength(2);
            e.Property(x => x.Street).HasMaxLength(200);
            e.Property(x => x.PostalCode).HasMaxLength(5);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.Property(x => x.Email).HasMaxLength(254);
            e.PrimitiveCollection(x => x.Categories).ElementType(t => t.HasConversion<string>());
            e.PrimitiveCollection(x => x.Languages);
            e.Property(x => x.RegisteredBy).HasMaxLength(100);
            e.Property(x => x.SurnameKey).HasMaxLength(300).UseCollation("C"); // ψ → "ps": a key can be longer than its name
            e.Property(x => x.FirstNameKey).HasMaxLength(300).UseCollation("C");
            e.Property(x => x.Version).IsRowVersion();

            // Hard duplicates: one file per AMKA and per AFM.
            e.HasIndex(x => x.Amka).IsUnique().HasFilter("amka IS NOT NULL");
            e.HasIndex(x => x.Afm).IsUnique().HasFilter("afm IS NOT NULL");
            e.HasIndex(x => x.RegistrationCommandId).IsUnique().HasFilter("registration_command_id IS NOT NULL");
            // Name search: equality and prefix on the keys, results in Greek order straight from the index.
            e.HasIndex(x => new { x.SurnameKey, x.FirstNameKey, x.BirthDate }).HasDatabaseName("ix_beneficiaries_name_keys");
            // A surname's people in Greek order straight from the index (surname and first name are el-GR collated):
            // a page of a common surname reads 20 index entries instead of sorting thousands of rows.
            e.HasIndex(x => new { x.SurnameKey, x.Surname, x.FirstName, x.BirthDate, x.Id }).HasDatabaseName("ix_beneficiaries_surname_key_greek_order");
            // Likely duplicates: the people of a few candidate surname keys born in one year, first names and ids from
            // the index alone (an index-only scan: no heap page per person of a common surname, only per match).
            e.Property(x => x.BirthYear).HasComputedColumnSql("date_part('year', birth_date)::int", stored: true);
            e.HasIndex(x => new { x.SurnameKey, x.BirthYear }).IncludeProperties(x => new { x.FirstNameKey, x.Id })
                .HasDatabaseName("ix_beneficiaries_surname_key_birth_year");
            e.HasIndex(x => x.MunicipalityId);
            e.HasIndex(x => x.CentreId);
            e.HasMany(x => x.Household).WithOne().HasForeignKey(h => h.BeneficiaryId);
            e.HasMany(x => x.Consents).WithOne().HasForeignKey(c => c.BeneficiaryId);
        });

        b.Entity<HouseholdLink>(e =>
        {
            e.HasKey(x => new { x.BeneficiaryId, x.MemberId });
            e.Property(x => x.Relation).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.LinkedBy).HasMaxLength(100);
            e.HasOne<Beneficiary>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Consent>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.Property(x => x.WithdrawnBy).HasMaxLength(100);
            e.Ignore(x => x.IsActive);
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => new { x.BeneficiaryId, x.Purpose });
            // One active consent per purpose (and body): a retried or doubled "record" cannot make two.
            e.HasIndex(x => new { x.BeneficiaryId, x.Purpose, x.BodyId }).IsUnique().AreNullsDistinct(false)
                .HasFilter("withdrawn_at IS NULL").HasDatabaseName("ux_consents_active");
        });

        b.Entity<Municipality>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100).UseCollation(ModuleDatabase.GreekCollation);
            e.Property(x => x.RegionalUnit).HasMaxLength(100);
            e.HasIndex(x => x.Name).IsUnique();
        });

        b.Entity<Body>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200).UseCollation(ModuleDatabase.GreekCollation);
            e.PrimitiveCollection(x => x.Services);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.LegalForm).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.CapacityUnit).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Street).HasMaxLength(200);
            e.Property(x => x.PostalCode).HasMaxLength(5);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Website).HasMaxLength(300);
            e.Property(x => x.OpeningHours).HasMaxLength(300);
            e.Property(x => x.AccessibilityNotes).HasMaxLength(500);
            e.Property(x => x.AgreementNumber).HasMaxLength(50);
            e.Property(x => x.Version).IsRowVersion();
            e.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Body>().WithMany().HasForeignKey(x => x.ReferenceCentreId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Kind, x.MunicipalityId });
        });

        b.Entity<Programme>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200).UseCollation(ModuleDatabase.GreekCollation);
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Eligibility).HasMaxLength(4000);
            e.Property(x => x.Version).IsRowVersion();
            e.HasOne<Body>().WithMany().HasForeignKey(x => x.OperatingBodyId).OnDelete(DeleteBehavior.Restrict);
            // R10: the Social Solidarity Income is one programme.
            e.HasIndex(x => x.IsSocialSolidarityIncome).IsUnique().HasFilter("is_social_solidarity_income");
        });

        b.Entity<SurnameKey>(e =>
        {
            e.ToTable("surname_keys");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(300).UseCollation("C");
            e.HasIndex(x => x.Key).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_surname_keys_trgm");
        });

        b.Entity<SurnameKeyNeighbour>(e =>
        {
            e.ToTable("surname_key_neighbours");
            e.HasKey(x => new { x.Key, x.Neighbour });
            e.Property(x => x.Key).HasMaxLength(300).UseCollation("C");
            e.Property(x => x.Neighbour).HasMaxLength(300).UseCollation("C");
        });

        b.Entity<CentreFileCount>(e =>
        {
            e.ToTable("centre_file_counts");
            e.HasKey(x => new { x.CentreId, x.Category, x.Slot });
            e.Property(x => x.Category).HasMaxLength(40);
        });

        b.Entity<StoredFile>(e =>
        {
            e.ToTable("beneficiary_files");
            e.HasKey(x => x.BeneficiaryId);
            // Written by the grain storage and the registration's own INSERT, never through the change tracker.
            e.Property(x => x.BeneficiaryId).ValueGeneratedNever();
            e.Property(x => x.State).HasColumnType("jsonb");
        });

        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.HasIndex(x => x.CreatedAt);
        });

        b.Entity<Beneficiary>().HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// Every distinct surname search key, kept by a trigger on <c>beneficiaries</c>: a typo is matched against the
/// few tens of thousands of keys, not the million people.
/// </summary>
internal sealed class SurnameKey
{
    public required string Key { get; init; }
}

/// <summary>
/// Two surname keys whose trigram similarity reaches <c>pg_trgm.similarity_threshold</c> (both ways, and every key
/// with itself), kept by the trigger that adds a new key to <see cref="SurnameKey"/>. The likely-duplicate check
/// reads a key's close keys here by index instead of running a trigram search over every key per registration.
/// </summary>
internal sealed class SurnameKeyNeighbour
{
    public required string Key { get; init; }
    public required string Neighbour { get; init; }
    public float Similarity { get; init; }
}

/// <summary>
/// The electronic file's grain state (R29): the summary and the timeline, as JSON, one row per file, under an optimistic
/// <see cref="Version"/>. Read and written by <see cref="Grains.BeneficiaryFileStorage"/>; the first row is written by the
/// registration itself, in its transaction, so a file is open the moment its person is registered.
/// </summary>
internal sealed class StoredFile
{
    public Guid BeneficiaryId { get; init; }
    public int Version { get; init; }
    public required string State { get; init; }
}

/// <summary>
/// How many files a centre holds, in all (<see cref="AllFiles"/>) and per vulnerable-group category; kept by a
/// statement trigger on <c>beneficiaries</c> in the same transaction as the change, read by the centre grain.
/// A count is the sum over <see cref="Slots"/> rows: each transaction adds to the slot of its own id, so concurrent
/// registrations at one centre do not queue on one row lock until each other's commit.
/// </summary>
internal sealed class CentreFileCount
{
    public const string AllFiles = "";
    public const int Slots = 32;

    public Guid CentreId { get; init; }
    public required string Category { get; init; }
    public int Slot { get; init; }
    public int Files { get; init; }
}

/// <summary>For <c>dotnet ef migrations add</c> only; the host configures the real connection.</summary>
internal sealed class RegistriesDesignTimeFactory : IDesignTimeDbContextFactory<RegistriesDbContext>
{
    public RegistriesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistriesDbContext>()
            .UseModuleNpgsql("Host=127.0.0.1;Port=55432;Username=postgres;Database=platform_design", RegistriesDbContext.Schema)
            .Options);
}
