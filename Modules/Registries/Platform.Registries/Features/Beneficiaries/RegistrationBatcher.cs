using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.BuildingBlocks.Concurrency;
using Platform.BuildingBlocks.Identity;
using QueuedRegistration = Platform.BuildingBlocks.Concurrency.Coalescer<
    Platform.Registries.Features.Beneficiaries.PendingRegistration, Platform.Registries.Features.Beneficiaries.RegistrationOutcome>.Request;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// Registration is the Platform's hottest write, and most of its cost in PostgreSQL is per statement, not per person
/// (measured with pgbench on a million people: eight registrations as one group of statements cost the server about a third
/// of what eight one at a time do). So concurrent registrations share their round trips: one that arrives while a group is
/// on the wire waits for it and goes out with everything that queued meanwhile (<see cref="Coalescer{TIn, TOut}"/>: no
/// timer, so a registration arriving alone goes out at once). Each person is still all or nothing, and each gets their own
/// answer (<see cref="RegistrationTransaction"/>).
/// </summary>
internal sealed class RegistrationBatcher : IAsyncDisposable
{
    /// <summary>The most registrations one group carries.</summary>
    public const int MaxGroup = 16;

    /// <summary>
    /// Groups on the wire at once: PostgreSQL works on one while the next one forms (measured with 16 clients on two cores:
    /// one lane 669 registrations/s, two 787–803, four 706).
    /// </summary>
    public const int Lanes = 2;

    /// <summary>The key of the module's registration connections (the module's options: see <see cref="Persistence.TrigramThreshold"/>).</summary>
    public const string DataSourceKey = "registrations";

    private readonly NpgsqlDataSource _dataSource;
    private readonly RegistrationTransaction _transaction;
    private readonly Func<Guid, Task> _filesChanged;
    private readonly ILogger _logger;
    private readonly Coalescer<PendingRegistration, RegistrationOutcome> _groups;

    /// <param name="dataSource">Connections with the module's options (<see cref="Persistence.TrigramThreshold"/>).</param>
    /// <param name="transaction">What each group runs.</param>
    /// <param name="filesChanged">Tells a centre it has new files (its grain counts them lazily).</param>
    /// <param name="logger">For a centre that could not be told.</param>
    public RegistrationBatcher(NpgsqlDataSource dataSource, RegistrationTransaction transaction, Func<Guid, Task> filesChanged, ILogger<RegistrationBatcher> logger)
    {
        _dataSource = dataSource;
        _transaction = transaction;
        _filesChanged = filesChanged;
        _logger = logger;
        _groups = new(MaxGroup, RunGroupAsync, Lanes);
    }

    /// <summary>
    /// Registers the person (validated already) in the next group. Cancelling stops the wait, not the registration: a group
    /// on the wire commits or not as a whole, and a client that gave up sends the same command id again to learn the result.
    /// </summary>
    public Task<RegistrationOutcome> RegisterAsync(RegisterBeneficiary command, ICurrentActor actor, CancellationToken ct) =>
        _groups.SendAsync(new PendingRegistration(command, Registrant.Of(actor)), ct);

    private async Task RunGroupAsync(IReadOnlyList<QueuedRegistration> group, CancellationToken ct)
    {
        var created = new List<(QueuedRegistration Request, RegistrationOutcome Outcome)>(group.Count);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await _transaction.RunAsync(group, connection, created, ct);
        }
        finally
        {
            // The new files are committed whatever happened after. Answered once their centres know of them, so a
            // caseworker who registers someone and then opens the centre's page sees the file counted.
            await Task.WhenAll(created.Select(c => c.Outcome.CentreId).OfType<Guid>().Distinct().Select(TellCentreAsync));
            foreach (var (request, outcome) in created)
            {
                request.Done.TrySetResult(outcome);
            }
        }
    }

    /// <summary>
    /// Once per centre and group. Not in the outbox: a lost notice (the call failing after the commit) only delays the count
    /// until the grain's next recount (see CentreGrain).
    /// </summary>
    private async Task TellCentreAsync(Guid centreId)
    {
        try
        {
            await _filesChanged(centreId);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("A centre grain was not told of new files ({ExceptionType}); its next recount will show them", ex.GetType().Name);
        }
    }

    public ValueTask DisposeAsync() => _groups.DisposeAsync();
}
