using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Time;
using Platform.Workflows.Definitions;
using Platform.Workflows.Persistence;

namespace Platform.Workflows.Timers;

/// <summary>A scheduler's policy for one timer: the interval, working days only, and the quiet hours no reminder falls in.</summary>
public sealed record TimerPolicy(TimeSpan After, bool WorkingDaysOnly, TimeOnly? QuietFrom, TimeOnly? QuietUntil);

/// <summary>
/// When a timer falls due. The definition gives the default interval; a scheduler's policy for the process,
/// the timer and the instance's policy key (a target kind), or for every key ('*'), overrides it and may ask
/// for working days only (Greek public holidays included) and quiet hours (Athens time).
/// </summary>
internal sealed class TimerSchedule(IServiceScopeFactory scopes, WorkflowClock clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private IReadOnlyDictionary<(string, string, string), TimerPolicy>? _policies;
    private DateTimeOffset _loadedAt;

    public async Task<DateTimeOffset?> DueAtAsync(string definition, TimerModel timer, InstanceScope scope, WorkflowData data, DateTimeOffset from)
    {
        if (timer.At is not null)
        {
            return timer.At(data);
        }
        var policy = await PolicyForAsync(definition, timer, scope.PolicyKey);
        return Apply(from, policy);
    }

    /// <summary>The repeat of a repeating timer: one interval after the due time it fired for.</summary>
    public async Task<DateTimeOffset> NextRepeatAsync(string definition, TimerModel timer, InstanceScope scope, DateTimeOffset firedFor, DateTimeOffset now)
    {
        var policy = await PolicyForAsync(definition, timer, scope.PolicyKey);
        var next = Apply(firedFor, policy);
        // A timer caught up after downtime repeats from now, not in a burst of past due times.
        return next > now ? next : Apply(now, policy);
    }

    public async Task<TimerPolicy> PolicyForAsync(string definition, TimerModel timer, string? policyKey)
    {
        var policies = await PoliciesAsync();
        if (policyKey is not null && policies.TryGetValue((definition, timer.Name, policyKey), out var specific))
        {
            return specific;
        }
        return policies.TryGetValue((definition, timer.Name, TimerPolicyRow.AnyKey), out var general)
            ? general
            : new TimerPolicy(timer.After ?? TimeSpan.Zero, WorkingDaysOnly: false, null, null);
    }

    /// <summary>Forget cached policies (after a scheduler changed one on this host).</summary>
    public void Invalidate() => _policies = null;

    internal static DateTimeOffset Apply(DateTimeOffset from, TimerPolicy policy)
    {
        DateTimeOffset due;
        if (policy.WorkingDaysOnly)
        {
            var local = GreekTime.ToAthens(from);
            var wholeDays = (int)policy.After.TotalDays;
            var rest = policy.After - TimeSpan.FromDays(wholeDays);
            var day = GreekCalendar.AddWorkingDays(DateOnly.FromDateTime(local.DateTime), wholeDays);
            due = GreekTime.AtAthens(day, TimeOnly.FromDateTime(local.DateTime)) + rest;
        }
        else
        {
            due = from + policy.After;
        }
        due = OutOfQuietHours(due, policy);
        if (policy.WorkingDaysOnly)
        {
            var local = GreekTime.ToAthens(due);
            var day = DateOnly.FromDateTime(local.DateTime);
            if (!GreekCalendar.IsWorkingDay(day))
            {
                due = GreekTime.AtAthens(GreekCalendar.NextWorkingDay(day), policy.QuietUntil ?? TimeOnly.FromDateTime(local.DateTime));
            }
        }
        return due;
    }

    private static DateTimeOffset OutOfQuietHours(DateTimeOffset due, TimerPolicy policy)
    {
        if (policy.QuietFrom is not { } from || policy.QuietUntil is not { } until || from == until)
        {
            return due;
        }
        var local = GreekTime.ToAthens(due);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (from < until)
        {
            // quiet within one day (e.g. 14:00–17:00)
            return time >= from && time < until ? GreekTime.AtAthens(day, until) : due;
        }
        // quiet over midnight (e.g. 20:00–08:00)
        if (time >= from)
        {
            return GreekTime.AtAthens(day.AddDays(1), until);
        }
        return time < until ? GreekTime.AtAthens(day, until) : due;
    }

    private async Task<IReadOnlyDictionary<(string, string, string), TimerPolicy>> PoliciesAsync()
    {
        if (_policies is { } cached && clock.GetUtcNow() - _loadedAt < CacheFor)
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var rows = await db.TimerPolicies.AsNoTracking().ToListAsync();
        _policies = rows.ToDictionary(
            r => (r.Definition, r.Timer, r.PolicyKey),
            r => new TimerPolicy(TimeSpan.FromMinutes(r.AfterMinutes), r.WorkingDaysOnly, r.QuietFrom, r.QuietUntil));
        _loadedAt = clock.GetUtcNow();
        return _policies;
    }
}
