namespace Platform.Supervision;

/// <summary>
/// Settings of the Supervision module (section "Supervision"). The programme's text (R23) says what is filed — the
/// operating regulation at the start and on every amendment, an annual operation report — but names no dates; the
/// defaults below are this system's choice, and a ministry circular that sets dates changes only this configuration.
/// </summary>
internal sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>The largest regulation document accepted, in bytes (10 MiB).</summary>
    public int MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The annual report of a year is due on this month and day of the following year (default 31 March: "MM-dd").</summary>
    public string AnnualReportDue { get; set; } = "03-31";

    /// <summary>Days after the centre starts operating by which the first regulation is filed (default 0: at the start).</summary>
    public int InitialRegulationDays { get; set; }

    /// <summary>Days after an amendment is adopted by which it is filed (default 30).</summary>
    public int AmendmentFilingDays { get; set; } = 30;

    /// <summary>How many days before a deadline its reminder fires (default 30).</summary>
    public int ReminderLeadDays { get; set; } = 30;

    /// <summary>
    /// How often every centre's deadlines are refreshed besides their Orleans reminders (at start, then on this period);
    /// zero turns the sweep off and leaves the reminders alone.
    /// </summary>
    public TimeSpan DeadlineSweepPeriod { get; set; } = TimeSpan.FromHours(1);

    public (int Month, int Day) AnnualReportDueDay()
    {
        var parts = AnnualReportDue.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out var m) && int.TryParse(parts[1], out var d) && m is >= 1 and <= 12 && d is >= 1 and <= 31
            ? (m, Math.Min(d, DateTime.DaysInMonth(2001, m)))
            : throw new InvalidOperationException($"Supervision:AnnualReportDue must be MM-dd, not '{AnnualReportDue}'.");
    }
}
