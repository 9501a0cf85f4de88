using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.BuildingBlocks.Outbox;

/// <summary>
/// A change that concerns a centre's live figures or compliance (a team, premises, annex, regulation change), written in
/// the same transaction as the change itself (<c>centre_changes</c> in the module's schema). It is deleted once the
/// centre has recomputed; until then the module's relay keeps telling the centre, so no change is lost when the process
/// dies, or the centre's silo is unreachable, between the commit and the notification.
/// </summary>
public sealed class CentreChange
{
    public long Id { get; private set; }
    public Guid CentreId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
}

/// <summary>Tells a centre to recompute from its sources (the centre grain's owner implements it). Singleton.</summary>
public interface ICentreChangeNotifier
{
    Task NotifyAsync(Guid centreId);
}

public static class CentreChangeOutbox
{
    /// <summary>A row younger than this may still be in flight on the request that wrote it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>Maps <c>centre_changes</c> in the module's default schema.</summary>
    public static ModelBuilder HasCentreChanges(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CentreChange>(e =>
        {
            e.ToTable("centre_changes");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).UseIdentityAlwaysColumn();
            e.HasIndex(c => new { c.CentreId, c.Id });
            e.HasIndex(c => c.CreatedAt);
        });
        return modelBuilder;
    }

    /// <summary>The module's <see cref="CentreChanges{TContext}"/> and the relay that redelivers what was not delivered.</summary>
    public static IServiceCollection AddCentreChangeOutbox<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddScoped<CentreChanges<TContext>>();
        services.AddHostedService<CentreChangeRelay<TContext>>();
        return services;
    }
}

/// <summary>
/// Stages a centre change in the caller's transaction (<see cref="Stage"/>), and tells the centre right after the commit
/// (<see cref="DeliverAsync"/>); a failed telling is left to <see cref="CentreChangeRelay{TContext}"/>.
/// </summary>
public sealed class CentreChanges<TContext>(TContext db, ICentreChangeNotifier notifier, ILogger<CentreChanges<TContext>> logger)
    where TContext : DbContext
{
    public void Stage(Guid centreId, DateTimeOffset now) => db.Set<CentreChange>().Add(new CentreChange { CentreId = centreId, CreatedAt = now });

    /// <summary>After the commit: the centre recomputes from committed data, so every staged row of it is then done.</summary>
    public async Task DeliverAsync(Guid centreId)
    {
        var upTo = db.Set<CentreChange>().Local.Where(c => c.CentreId == centreId).Select(c => c.Id).DefaultIfEmpty().Max();
        try
        {
            await notifier.NotifyAsync(centreId);
            await db.Set<CentreChange>().Where(c => c.CentreId == centreId && c.Id <= upTo).ExecuteDeleteAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Centre {CentreId} not told of a change yet ({ExceptionType}); the relay will retry", centreId, ex.GetType().Name);
        }
    }
}

/// <summary>Every few seconds, tells each centre with a change older than <see cref="CentreChangeOutbox.Grace"/> (one call per centre).</summary>
internal sealed class CentreChangeRelay<TContext>(IServiceScopeFactory scopes, ICentreChangeNotifier notifier, TimeProvider clock, ILogger<CentreChangeRelay<TContext>> logger)
    : BackgroundService
    where TContext : DbContext
{
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Period, stoppingToken);
                await RelayAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may not be migrated yet at start, or be restarting: try again next round.
                logger.LogWarning("Centre change relay for {Context} failed ({ExceptionType}); retrying", typeof(TContext).Name, ex.GetType().Name);
            }
        }
    }

    internal async Task<int> RelayAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = clock.GetUtcNow() - CentreChangeOutbox.Grace;
        var pending = await db.Set<CentreChange>().Where(c => c.CreatedAt < cutoff)
            .GroupBy(c => c.CentreId).Select(g => new { CentreId = g.Key, UpTo = g.Max(c => c.Id) })
            .OrderBy(c => c.UpTo).Take(200).ToListAsync(ct);
        var told = 0;
        foreach (var centre in pending)
        {
            try
            {
                await notifier.NotifyAsync(centre.CentreId);
                await db.Set<CentreChange>().Where(c => c.CentreId == centre.CentreId && c.Id <= centre.UpTo).ExecuteDeleteAsync(ct);
                told++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await db.Set<CentreChange>().Where(c => c.CentreId == centre.CentreId && c.Id <= centre.UpTo)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Attempts, c => c.Attempts + 1), ct);
                logger.LogWarning("Centre {CentreId} not told of a change ({ExceptionType}); next round", centre.CentreId, ex.GetType().Name);
            }
        }

        return told;
    }
}
