namespace Platform.Supervision.Contracts;

/// <summary>
/// One per community centre (keyed by its body id): keeps an Orleans reminder armed for the next reminder of the
/// centre's R23 deadlines (the operating regulation at the start and on every amendment, the annual operation report).
/// The due dates come from what is recorded; a reminder that fires is written once, so a tick repeated after a restart,
/// or caught up after downtime, never reminds twice.
/// </summary>
public interface ICentreDeadlinesGrain : IGrainWithGuidKey
{
    /// <summary>Re-plans from the records, writes every reminder now due, arms the next; returns how many fired now.</summary>
    Task<int> Refresh();
}
