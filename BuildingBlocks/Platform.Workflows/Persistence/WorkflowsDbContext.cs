using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Persistence;

namespace Platform.Workflows.Persistence;

/// <summary>
/// The runtime's schema. EF owns the tables (migrations) and the read side (queries, inboxes, dashboards);
/// the step commit itself is one hand-written Npgsql batch (<see cref="InstanceStore"/>) so that a step is
/// exactly one round trip and one commit.
/// </summary>
internal sealed class WorkflowsDbContext(DbContextOptions<WorkflowsDbContext> options) : DbContext(options)
{
    public const string Schema = "workflows";

    public DbSet<InstanceRow> Instances => Set<InstanceRow>();
    public DbSet<JournalRow> Journal => Set<JournalRow>();
    public DbSet<TimerRow> Timers => Set<TimerRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<TimerPolicyRow> TimerPolicies => Set<TimerPolicyRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema(Schema);
        b.Entity<InstanceRow>(e =>
        {
            e.ToTable("instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Definition).HasMaxLength(100);
            e.Property(x => x.State).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.PolicyKey).HasMaxLength(100);
            e.Property(x => x.Data).HasColumnType("jsonb");
            e.Property(x => x.TaskRole).HasMaxLength(40);
            e.Property(x => x.Attention).HasMaxLength(60);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.IncidentTrigger).HasMaxLength(100);
            e.Property(x => x.IncidentInput).HasColumnType("jsonb");
            e.Property(x => x.IncidentActor).HasColumnType("jsonb");
            e.HasIndex(x => new { x.Definition, x.State, x.Status });
            e.HasIndex(x => new { x.CentreId, x.Status, x.TaskRole });
            e.HasIndex(x => x.SubjectId);
            e.HasIndex(x => x.TaskDueAt).HasFilter("status = 'Active'");
            e.HasIndex(x => x.Status).HasFilter("status = 'Faulted'").HasDatabaseName("ix_instances_faulted");
            // the caseworker's inbox (WorkflowInbox): its rows and counts come from this index alone, without the table
            e.HasIndex(x => new { x.CentreId, x.TaskRole })
                .IncludeProperties(x => new { x.Id, x.Definition, x.DefinitionVersion, x.State, x.TaskDueAt, x.Attention, x.AttentionAt, x.StateEnteredAt, x.SubjectId })
                .HasFilter("status = 'Active'").HasDatabaseName("ix_instances_inbox");
        });
        b.Entity<JournalRow>(e =>
        {
            e.ToTable("journal");
            // (instance, revision) is the optimistic lock of the step commit: two writers of one revision cannot both commit.
            e.HasKey(x => new { x.InstanceId, x.Revision });
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.Trigger).HasMaxLength(100);
            e.Property(x => x.FromState).HasMaxLength(100);
            e.Property(x => x.ToState).HasMaxLength(100);
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.CommandHash).HasMaxLength(64);
            e.Property(x => x.Input).HasColumnType("jsonb");
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.HasIndex(x => new { x.InstanceId, x.CommandId }).IsUnique().HasFilter("command_id IS NOT NULL");
        });
        b.Entity<TimerRow>(e =>
        {
            e.ToTable("timers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Trigger).HasMaxLength(100);
            e.Property(x => x.State).HasMaxLength(100);
            e.Property(x => x.Definition).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.HasIndex(x => new { x.InstanceId, x.Name }).IsUnique();
            e.HasIndex(x => x.DueAt);
            e.HasIndex(x => new { x.CentreId, x.DueAt });
        });
        b.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.Payload).HasColumnType("jsonb");
            e.HasIndex(x => x.CreatedAt);
        });
        b.Entity<TimerPolicyRow>(e =>
        {
            e.ToTable("timer_policies");
            e.HasKey(x => new { x.Definition, x.Timer, x.PolicyKey });
            e.Property(x => x.Definition).HasMaxLength(100);
            e.Property(x => x.Timer).HasMaxLength(100);
            e.Property(x => x.PolicyKey).HasMaxLength(100);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.Property(x => x.Version).IsRowVersion();
        });
    }
}

internal sealed class InstanceRow
{
    public Guid Id { get; set; }
    public required string Definition { get; set; }
    public int DefinitionVersion { get; set; }
    public required string State { get; set; }
    public required string Status { get; set; }
    public int Revision { get; set; }
    public Guid? CentreId { get; set; }
    public Guid? SubjectId { get; set; }
    public string? PolicyKey { get; set; }
    public required string Data { get; set; }
    public string? TaskRole { get; set; }
    public DateTimeOffset? TaskDueAt { get; set; }
    public string? Attention { get; set; }
    public DateTimeOffset? AttentionAt { get; set; }
    public DateTimeOffset StateEnteredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? IncidentTrigger { get; set; }
    public string? IncidentInput { get; set; }
    public string? IncidentActor { get; set; }
    public string? IncidentError { get; set; }
    public DateTimeOffset? IncidentAt { get; set; }
    public Guid? IncidentCommandId { get; set; }
}

internal sealed class JournalRow
{
    public Guid InstanceId { get; set; }
    public int Revision { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public string? Trigger { get; set; }
    public string? FromState { get; set; }
    public string? ToState { get; set; }
    public required string Actor { get; set; }
    public Guid? CommandId { get; set; }
    public string? CommandHash { get; set; }
    public string? Input { get; set; }
    public string? Comment { get; set; }
    public string? Error { get; set; }
}

internal sealed class TimerRow
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string Name { get; set; }
    public required string Trigger { get; set; }
    public required string State { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public Guid? CentreId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Note { get; set; }
}

internal sealed class OutboxRow
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Revision { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
}

/// <summary>A scheduler's setting for one timer of one process, for one policy key (a target kind) or '*' for all.</summary>
internal sealed class TimerPolicyRow
{
    public const string AnyKey = "*";

    public required string Definition { get; set; }
    public required string Timer { get; set; }
    public required string PolicyKey { get; set; }
    public int AfterMinutes { get; set; }
    public bool WorkingDaysOnly { get; set; }
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public uint Version { get; set; }
}

/// <summary>For <c>dotnet ef migrations add</c> only.</summary>
internal sealed class WorkflowsDesignTimeFactory : IDesignTimeDbContextFactory<WorkflowsDbContext>
{
    public WorkflowsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkflowsDbContext>()
            .UseModuleNpgsql("Host=127.0.0.1;Port=55432;Username=postgres;Database=platform_design", WorkflowsDbContext.Schema)
            .Options);
}
