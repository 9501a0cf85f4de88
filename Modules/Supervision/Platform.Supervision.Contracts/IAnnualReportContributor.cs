namespace Platform.Supervision.Contracts;

/// <summary>
/// A module that knows part of a centre's year (its beneficiaries, its team, its premises, its referrals) implements
/// this; the annual operation report (R23) asks every registered contributor and lays out what they return, in the
/// order of <see cref="AnnualReportSections"/>. A section nobody contributes is shown as not available yet, never
/// as zeros. Resolved from DI (scoped).
/// </summary>
public interface IAnnualReportContributor
{
    Task<IReadOnlyList<AnnualReportSection>> ContributeAsync(AnnualReportScope scope, CancellationToken cancellationToken);
}

/// <summary>
/// What the report covers: one community centre, one calendar year in Athens time. <see cref="To"/> is the last day
/// counted: 31 December, or yesterday while the year is still running (then <see cref="Partial"/>).
/// </summary>
public sealed record AnnualReportScope(
    Guid CentreId, string CentreName, Guid MunicipalityId, string MunicipalityName, int Population,
    int Year, DateOnly From, DateOnly To, bool Partial)
{
    /// <summary>The number of days counted, <see cref="From"/> to <see cref="To"/> inclusive.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>A section of the report: its figures in order, and notes that say how to read them.</summary>
public sealed record AnnualReportSection(
    string Key, string TitleGreek, string TitleEnglish, IReadOnlyList<AnnualReportFigure> Figures, IReadOnlyList<AnnualReportNote> Notes);

/// <summary>
/// One figure. <see cref="Key"/> is stable within its section ("registered", "category:roma", "days-in-breach:R12") so
/// exports and tests can rely on it; <see cref="Group"/> gathers figures under a sub-heading (null: none).
/// </summary>
public sealed record AnnualReportFigure(string Key, string Greek, string English, long Value, string? GroupGreek = null, string? GroupEnglish = null);

public sealed record AnnualReportNote(string Greek, string English);

/// <summary>The sections the report always shows, in this order; each names the module that fills it.</summary>
public static class AnnualReportSections
{
    /// <summary>Registries: people registered in the year by vulnerable group (R8).</summary>
    public const string Beneficiaries = "beneficiaries";

    /// <summary>Referrals: referrals made in the year by target kind and outcome (R10).</summary>
    public const string Referrals = "referrals";

    /// <summary>Referrals: follow-ups done, and overdue at the end of the period.</summary>
    public const string FollowUps = "follow-ups";

    /// <summary>Referrals: applications made on the beneficiary's behalf (ΚΕΑ first, R10).</summary>
    public const string AssistedApplications = "assisted-applications";

    /// <summary>Staffing: the team against R12–R13, day by day.</summary>
    public const string Staffing = "staffing";

    /// <summary>Premises: sites and spaces against R15–R16.</summary>
    public const string Premises = "premises";

    /// <summary>Premises: annexes and mobile units (R17–R19).</summary>
    public const string AnnexesAndMobileUnits = "annexes-and-mobile-units";

    /// <summary>Supervision: the operating regulation (R23).</summary>
    public const string OperatingRegulation = "operating-regulation";

    public static IReadOnlyList<string> InOrder { get; } =
        [Beneficiaries, Referrals, FollowUps, AssistedApplications, Staffing, Premises, AnnexesAndMobileUnits, OperatingRegulation];
}
