namespace Platform.Supervision.Domain;

/// <summary>What the supervising directorate keeps about a centre beyond the registry: the day it started operating (R23 counts from it).</summary>
internal sealed class CentreOversight
{
    public Guid CentreId { get; init; }
    public DateOnly OperationStartedOn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; private set; }
}

/// <summary>
/// One version of a centre's operating regulation (R23): version 1 is the one filed at the start, every later one an
/// amendment. Adopted by a decision (the municipal council's, or its legal entity's board), then filed with the
/// ministry's directorate under a protocol number. The document itself is kept apart (<see cref="RegulationDocument"/>).
/// </summary>
internal sealed class RegulationVersion
{
    public Guid Id { get; init; }
    public Guid CentreId { get; init; }
    public int Number { get; init; }
    public DateOnly AdoptedOn { get; set; }
    public required string DecisionNumber { get; set; }
    public DateOnly? FiledOn { get; set; }
    public string? ProtocolNumber { get; set; }
    public string? Summary { get; set; }
    public Guid DocumentId { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required string RecordedBy { get; init; }
    public uint Version { get; private set; }

    public bool IsInitial => Number == 1;
}

/// <summary>A filed document (a PDF), stored in PostgreSQL with its SHA-256 so a download can be checked against what was filed.</summary>
internal sealed class RegulationDocument
{
    public Guid Id { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    /// <summary>Lower-case hex.</summary>
    public required string Sha256 { get; init; }
    public required byte[] Content { get; init; }
}

/// <summary>
/// The annual operation report of a year, as filed with the directorate (R23): the report's figures as they were on
/// filing (a snapshot, so later corrections to the data do not rewrite what was filed) and its SHA-256.
/// </summary>
internal sealed class AnnualReportFiling
{
    public Guid CentreId { get; init; }
    public int Year { get; init; }
    public DateOnly FiledOn { get; init; }
    public required string ProtocolNumber { get; init; }
    public required string Snapshot { get; init; }
    public required string SnapshotSha256 { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required string RecordedBy { get; init; }
}

/// <summary>A deadline's reminder that fired: written once per (centre, deadline, due date); the list of due reminders reads it.</summary>
internal sealed class DeadlineReminder
{
    public Guid CentreId { get; init; }
    public required string DeadlineKey { get; init; }
    public DateOnly DueOn { get; init; }
    public DateTimeOffset RemindedAt { get; init; }
}
