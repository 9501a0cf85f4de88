using Orleans.Concurrency;

namespace Platform.Registries.Contracts;

/// <summary>
/// A beneficiary's electronic file (R29): its summary and the timeline of everything that happens
/// to the person, from registration on. Keyed by the beneficiary's id. Other modules record their
/// events (a referral made, a review done) through <see cref="Record"/>.
/// </summary>
public interface IBeneficiaryGrain : IGrainWithGuidKey
{
    /// <summary>Appends an event; the same event id twice is one entry (at-most-once messaging is retried).</summary>
    Task<bool> Record(FileEvent fileEvent);

    /// <summary>The file's summary, or null when no file was opened under this id.</summary>
    [AlwaysInterleave]
    Task<BeneficiaryFileSummary?> GetSummary();

    /// <summary>The timeline, newest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TimelineEntry>> GetTimeline(int skip, int take);
}

/// <summary>An event for the file; <see cref="Summary"/> is set when the event changes what the summary shows.</summary>
[GenerateSerializer, Immutable]
public sealed record FileEvent(
    [property: Id(0)] TimelineEntry Entry,
    [property: Id(1)] BeneficiaryFileSummary? Summary);

/// <summary>
/// One line of a file's timeline. <see cref="Kind"/> is a stable code ("registered", "profile-updated",
/// "consent-recorded", …); <see cref="Fields"/> names what changed, never the values.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TimelineEntry(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Actor,
    [property: Id(4)] Guid? CentreId,
    [property: Id(5)] IReadOnlyList<string> Fields,
    [property: Id(6)] string? Module = null,
    [property: Id(7)] string? Reference = null);

[GenerateSerializer, Immutable]
public sealed record BeneficiaryFileSummary(
    [property: Id(0)] Guid BeneficiaryId,
    [property: Id(1)] string Surname,
    [property: Id(2)] string FirstName,
    [property: Id(3)] DateOnly BirthDate,
    [property: Id(4)] Guid? CentreId,
    [property: Id(5)] Guid? MunicipalityId,
    [property: Id(6)] DateTimeOffset OpenedAt,
    [property: Id(7)] IReadOnlyList<string> Categories,
    [property: Id(8)] int HouseholdSize,
    [property: Id(9)] int ActiveConsents);
