using Orleans.Concurrency;

namespace Platform.Registries.Contracts;

/// <summary>
/// One community centre (keyed by its body id): its live figures and compliance, recomputed from their
/// sources whenever one of them changes (a file opened or changed there, a team or premises change).
/// Pages and dashboards read the centre from here, so they never show an older count than the last change.
/// </summary>
public interface ICentreGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The figures, with any part an event marked as behind read again first. Interleaves with every other call (pages
    /// poll it while a recompute runs), so the grain applies each part onto the current figures, never onto an older copy.
    /// </summary>
    [AlwaysInterleave]
    Task<CentreFigures?> GetFigures();

    /// <summary>Recomputes everything from the sources; called by a module after a change that concerns the centre.</summary>
    Task<CentreFigures?> Recompute();

    /// <summary>A file was opened or changed: marks the file counts as behind (the next read counts them); no query here.</summary>
    Task FilesChanged();

    /// <summary>A referral, plan or application of the centre changed state: marks the workload as behind (the next read counts it).</summary>
    Task WorkloadChanged();
}

[GenerateSerializer, Immutable]
public sealed record CentreFigures(
    [property: Id(0)] Guid CentreId,
    [property: Id(1)] string Name,
    [property: Id(2)] int OpenFiles,
    [property: Id(3)] IReadOnlyDictionary<string, int> FilesByCategory,
    [property: Id(4)] IReadOnlyList<ComplianceSummary> Compliance,
    [property: Id(5)] DateTimeOffset ComputedAt,
    [property: Id(6)] IReadOnlyList<CentreOutpost> Annexes,
    [property: Id(7)] IReadOnlyList<CentreOutpost> MobileUnits,
    [property: Id(8)] CentreWorkload? Workload = null);

/// <summary>The centre's open processes (Referrals): referrals open and waiting for a place, follow-up plans, applications, and what is overdue or due.</summary>
[GenerateSerializer, Immutable]
public sealed record CentreWorkload(
    [property: Id(0)] int OpenReferrals,
    [property: Id(1)] int WaitingForPlace,
    [property: Id(2)] int OpenFollowUpPlans,
    [property: Id(3)] int ReviewsDue,
    [property: Id(4)] int OpenApplications,
    [property: Id(5)] int OverdueTasks,
    [property: Id(6)] int NeedAttention);

/// <summary>The module that runs the centre's processes tells its workload; the centre grain asks it when it recomputes. Resolved from DI (scoped).</summary>
public interface ICentreWorkloadSource
{
    Task<CentreWorkload> GetAsync(Guid centreId, CancellationToken cancellationToken);
}

/// <summary>One area's verdict on a centre (staffing R12–R14, premises R15–R16, …).</summary>
[GenerateSerializer, Immutable]
public sealed record ComplianceSummary(
    [property: Id(0)] string Area,
    [property: Id(1)] bool Compliant,
    [property: Id(2)] int Breaches,
    [property: Id(3)] IReadOnlyList<string> Rules);

/// <summary>
/// A module that judges some part of a centre (its team, its premises) implements this; the centre grain
/// asks every registered source when it recomputes. Resolved from DI (scoped).
/// </summary>
public interface ICentreComplianceSource
{
    Task<ComplianceSummary> EvaluateAsync(CentreIdentity centre, CancellationToken cancellationToken);
}

/// <summary>
/// An annex (R17, R19) or a mobile unit (R18) attached to the centre, as the centre's page shows it: what it is, whom it
/// serves and whether it works today.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CentreOutpost(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateOnly StartDate,
    [property: Id(3)] DateOnly? EndDate,
    [property: Id(4)] bool Active,
    [property: Id(5)] IReadOnlyList<string> Municipalities,
    [property: Id(6)] int Settlements,
    [property: Id(7)] bool FormerRomaSupportCentre);

/// <summary>
/// The module that keeps a centre's annexes and mobile units (Premises) implements this; the centre grain asks it when it
/// recomputes. Resolved from DI (scoped); none registered means none shown.
/// </summary>
public interface ICentreOutpostSource
{
    Task<(IReadOnlyList<CentreOutpost> Annexes, IReadOnlyList<CentreOutpost> MobileUnits)> ListAsync(Guid centreId, DateOnly today, CancellationToken cancellationToken);
}
