using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Registries.Contracts;
using Platform.Registries.Persistence;

namespace Platform.Registries.Outbox;

/// <summary>
/// Gets file events to the beneficiary's grain without losing any: <see cref="Stage"/> puts the event
/// in the outbox inside the caller's transaction; after the commit <see cref="DeliverAsync"/> hands it
/// to the grain at once. The background loop deletes delivered rows in batches and re-delivers any row
/// whose delivery never finished (a crash, a timeout); the grain drops an event id it already has.
/// </summary>
internal sealed class FileEventPublisher(IGrainFactory grains, ILogger<FileEventPublisher> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<Guid> _delivered = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<Guid> Delivered => _delivered.Reader;

    public static FileEvent Stage(RegistriesDbContext db, Guid beneficiaryId, TimelineEntry entry, BeneficiaryFileSummary? summary)
    {
        var fileEvent = new FileEvent(entry, summary);
        db.Outbox.Add(new OutboxMessage
        {
            Id = entry.EventId,
            BeneficiaryId = beneficiaryId,
            CreatedAt = entry.At,
            Payload = JsonSerializer.Serialize(fileEvent, Json),
        });
        return fileEvent;
    }

    /// <summary>Delivers after the commit; a failure is left to the background loop (the change itself is committed).</summary>
    public async Task DeliverAsync(Guid beneficiaryId, FileEvent fileEvent)
    {
        try
        {
            await DeliverToGrainsAsync(grains, beneficiaryId, fileEvent);
            _delivered.Writer.TryWrite(fileEvent.Entry.EventId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("File event {EventId} not delivered yet ({ExceptionType}); the outbox will retry", fileEvent.Entry.EventId, ex.GetType().Name);
        }
    }

    internal static FileEvent Read(string payload) => JsonSerializer.Deserialize<FileEvent>(payload, Json)!;

    /// <summary>The file's grain, then the centre's (its figures count the file): both or the outbox retries.</summary>
    internal static async Task DeliverToGrainsAsync(IGrainFactory grains, Guid beneficiaryId, FileEvent fileEvent)
    {
        await grains.GetGrain<IBeneficiaryGrain>(beneficiaryId).Record(fileEvent);
        if (fileEvent.Summary?.CentreId is { } centreId)
        {
            await grains.GetGrain<ICentreGrain>(centreId).FilesChanged();
        }
    }
}

/// <summary>The outbox's background loop (see <see cref="FileEventPublisher"/>).</summary>
internal sealed class FileEventOutboxWorker(
    IServiceScopeFactory scopes, FileEventPublisher publisher, IGrainFactory grains, TimeProvider clock, ILogger<FileEventOutboxWorker> logger)
    : BackgroundService
{
    /// <summary>A row younger than this may still be in flight on the request that wrote it.</summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Guid>(1000);
        try
        {
            await LoopAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            await ForgetDeliveredOnStopAsync(batch);
        }
    }

    private async Task LoopAsync(List<Guid> batch, CancellationToken stoppingToken)
    {
        var lastSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    while (batch.Count < 1000 && await publisher.Delivered.WaitToReadAsync(wait.Token))
                    {
                        while (batch.Count < 1000 && publisher.Delivered.TryRead(out var id))
                        {
                            batch.Add(id);
                        }
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // the wait's own timeout: flush what we have
                }

                if (batch.Count > 0)
                {
                    await DeleteAsync(batch, stoppingToken);
                    batch.Clear();
                }

                if (clock.GetUtcNow() - lastSweep > TimeSpan.FromSeconds(5))
                {
                    await RedeliverStaleAsync(stoppingToken);
                    lastSweep = clock.GetUtcNow();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Outbox loop failed ({ExceptionType}); retrying", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>
    /// A clean stop deletes the rows of events already delivered: otherwise the next start would deliver every event
    /// of the last two seconds again (each one activating a grain only to find it has the event).
    /// </summary>
    private async Task ForgetDeliveredOnStopAsync(List<Guid> batch)
    {
        while (publisher.Delivered.TryRead(out var id))
        {
            batch.Add(id);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await DeleteAsync(batch, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Outbox: {Count} delivered events left for redelivery at the next start ({ExceptionType})", batch.Count, ex.GetType().Name);
        }
    }

    private async Task DeleteAsync(List<Guid> ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistriesDbContext>();
        await db.Outbox.Where(o => ids.Contains(o.Id)).ExecuteDeleteAsync(ct);
    }

    internal async Task<int> RedeliverStaleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistriesDbContext>();
        var cutoff = clock.GetUtcNow() - Grace;
        var stale = await db.Outbox.Where(o => o.CreatedAt < cutoff).OrderBy(o => o.CreatedAt).Take(500).ToListAsync(ct);
        var done = new List<Guid>();
        foreach (var message in stale)
        {
            try
            {
                await FileEventPublisher.DeliverToGrainsAsync(grains, message.BeneficiaryId, FileEventPublisher.Read(message.Payload));
                done.Add(message.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                logger.LogWarning("Redelivery of file event {EventId} failed ({ExceptionType})", message.Id, ex.GetType().Name);
            }
        }

        await db.SaveChangesAsync(ct);
        if (done.Count > 0)
        {
            await db.Outbox.Where(o => done.Contains(o.Id)).ExecuteDeleteAsync(ct);
        }

        return done.Count;
    }
}
