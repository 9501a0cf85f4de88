using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Time;
using Platform.Supervision.Contracts;
using Platform.Supervision.Domain;
using Platform.Supervision.Persistence;

namespace Platform.Supervision.Features.Deadlines;

/// <summary>
/// A centre's R23 deadline reminders on an Orleans reminder. The due dates are worked out from the records on every
/// call (<see cref="DeadlinePlanner"/>), so nothing here can go stale; what must last is kept in PostgreSQL: the
/// armed reminder (the Orleans reminders table) and each reminder that fired (<c>supervision.deadline_reminders</c>,
/// inserted once per deadline and due date). A tick therefore fires every reminder whose day has come and was not yet
/// fired — the one it was armed for, and any missed while the silo was down — and arms the next.
/// </summary>
internal sealed class CentreDeadlinesGrain(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<SupervisionOptions> options, ILogger<CentreDeadlinesGrain> logger)
    : Grain, ICentreDeadlinesGrain, IRemindable
{
    internal const string ReminderName = "r23-deadlines";

    /// <summary>
    /// After the first tick the reminder repeats until re-armed: a tick Orleans could not deliver on time (the silo was
    /// down) comes at most this late.
    /// </summary>
    internal static readonly TimeSpan Period = TimeSpan.FromHours(1);

    public Task<int> Refresh() => ProcessAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await ProcessAsync();
        }
    }

    private async Task<int> ProcessAsync()
    {
        var centreId = this.GetPrimaryKey();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupervisionDbContext>();
        var now = clock.GetUtcNow();
        var plan = await DeadlineData.PlanAsync(db, centreId, GreekTime.Today(clock), options.Value, CancellationToken.None);
        var fired = (await db.DeadlineReminders.AsNoTracking().Where(r => r.CentreId == centreId).Select(r => new { r.DeadlineKey, r.DueOn }).ToListAsync())
            .Select(r => (r.DeadlineKey, r.DueOn)).ToHashSet();

        var count = 0;
        foreach (var deadline in plan.Where(d => d.Open && GreekTime.StartOf(d.RemindOn) <= now && !fired.Contains((d.Key, d.DueOn))))
        {
            // ON CONFLICT: another activation (a second silo, a retried tick) may have fired it a moment ago.
            var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO supervision.deadline_reminders (centre_id, deadline_key, due_on, reminded_at)
                VALUES ({centreId}, {deadline.Key}, {deadline.DueOn}, {now}) ON CONFLICT DO NOTHING
                """);
            if (inserted == 1)
            {
                count++;
                logger.LogInformation("R23 reminder: centre {CentreId}, {Deadline} due {DueOn}", centreId, deadline.Key, deadline.DueOn);
            }
        }

        var next = plan.Where(d => d.Open && GreekTime.StartOf(d.RemindOn) > now && !fired.Contains((d.Key, d.DueOn)))
            .Select(d => (DateTimeOffset?)GreekTime.StartOf(d.RemindOn)).Min();
        if (next is { } at)
        {
            await this.RegisterOrUpdateReminder(ReminderName, at - now, Period);
        }
        else if (await this.GetReminder(ReminderName) is { } armed)
        {
            await this.UnregisterReminder(armed);
        }

        return count;
    }
}

/// <summary>Loads what the planner needs for one centre or for all of them.</summary>
internal static class DeadlineData
{
    public static async Task<IReadOnlyList<Deadline>> PlanAsync(SupervisionDbContext db, Guid centreId, DateOnly today, SupervisionOptions options, CancellationToken ct) =>
        (await PlanAllAsync(db, centreId, today, options, ct)).GetValueOrDefault(centreId) ?? [];

    /// <summary>Every centre's plan (or one centre's): the centres with a recorded start or regulation.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<Deadline>>> PlanAllAsync(SupervisionDbContext db, Guid? centreId, DateOnly today, SupervisionOptions options, CancellationToken ct)
    {
        var starts = await db.Oversight.AsNoTracking().Where(o => centreId == null || o.CentreId == centreId)
            .ToDictionaryAsync(o => o.CentreId, o => o.OperationStartedOn, ct);
        var versions = (await db.RegulationVersions.AsNoTracking().Where(v => centreId == null || v.CentreId == centreId).ToListAsync(ct))
            .ToLookup(v => v.CentreId);
        var filings = (await db.AnnualReportFilings.AsNoTracking().Where(f => centreId == null || f.CentreId == centreId)
            .Select(f => new { f.CentreId, f.Year, f.FiledOn }).ToListAsync(ct)).ToLookup(f => f.CentreId);
        return starts.Keys.Concat(versions.Select(g => g.Key)).Distinct().ToDictionary(id => id, id => DeadlinePlanner.Plan(
            starts.TryGetValue(id, out var start) ? start : null, [.. versions[id]], filings[id].ToDictionary(f => f.Year, f => f.FiledOn),
            today, options));
    }
}

/// <summary>
/// Tells a centre's deadline grain that its records changed. Best effort right after the commit; if the silo cannot be
/// reached, <see cref="DeadlineSweep"/> refreshes every centre at start and every hour, so at worst the change reaches
/// the reminders within the hour.
/// </summary>
internal sealed class DeadlineRefresh(IGrainFactory grains, ILogger<DeadlineRefresh> logger)
{
    public async Task RefreshAsync(Guid centreId)
    {
        try
        {
            await grains.GetGrain<ICentreDeadlinesGrain>(centreId).Refresh();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Deadlines of centre {CentreId} not refreshed ({ExceptionType}); the hourly sweep will", centreId, ex.GetType().Name);
        }
    }
}

/// <summary>
/// At start and every <see cref="SupervisionOptions.DeadlineSweepPeriod"/> (an hour, real time), refreshes every centre's deadline grain: reminders missed while the cluster was
/// down fire now, and a refresh lost after a commit is made good.
/// </summary>
internal sealed class DeadlineSweep(IServiceScopeFactory scopes, IGrainFactory grains, IOptions<SupervisionOptions> options, ILogger<DeadlineSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.DeadlineSweepPeriod;
        while (period > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                await Task.Delay(period, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Deadline sweep failed ({ExceptionType}); retrying in a minute", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            }
        }
    }

    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        List<Guid> centres;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SupervisionDbContext>();
            centres = await db.Oversight.AsNoTracking().Select(o => o.CentreId)
                .Union(db.RegulationVersions.AsNoTracking().Select(v => v.CentreId)).ToListAsync(ct);
        }

        var fired = 0;
        foreach (var centre in centres)
        {
            fired += await grains.GetGrain<ICentreDeadlinesGrain>(centre).Refresh();
        }

        return fired;
    }
}
