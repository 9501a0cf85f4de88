using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Platform.Testing;

namespace Platform.Referrals.Tests;

/// <summary>The host on a fake clock (the workflow runtime's and the reminder service's), started once per test class.</summary>
public sealed class ClockedFixture : ReferralsFixture
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    protected override PlatformFactory CreateFactory() => new(Database.ConnectionString, clock: Clock);
}

/// <summary>
/// Issue 3: timers fire once and on time, through the real path (an Orleans reminder ticking on the fake clock wakes
/// the dispatcher, which fires the durable timers due), also when the silo was down when they fell due.
/// </summary>
public sealed class TimerTests(ClockedFixture f) : IClassFixture<ClockedFixture>
{
    private async Task<long> FiredAsync(Guid referral, string trigger) =>
        await f.Database.ScalarAsync<long>($"SELECT count(*) FROM workflows.journal WHERE instance_id = '{referral}' AND trigger = '{trigger}' AND kind = 'Timer'");

    /// <summary>Moves the fake clock in one-minute steps (each a reminder tick) and gives the dispatcher time to act.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await WaitForReminderAsync();
        var target = f.Clock.GetUtcNow() + by;
        var big = by - TimeSpan.FromMinutes(2);
        if (big > TimeSpan.Zero)
        {
            f.Clock.Advance(big);
        }
        while (f.Clock.GetUtcNow() < target)
        {
            f.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(300);
        }
    }

    private async Task WaitForReminderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await f.Database.ScalarAsync<long>("SELECT count(*) FROM orleansreminderstable WHERE remindername = 'workflow-timers'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the dispatcher's reminder was never registered");
            await Task.Delay(200);
        }
    }

    private async Task EventuallyAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            f.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(300);
        }
    }

    [Fact]
    public async Task No_answer_reminds_the_caseworker_then_escalates_to_the_centre_head_each_once_and_on_time()
    {
        var referral = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", await f.KeaAsync())).Id();
        var submitted = await f.StepAsync(referral, "Submit");
        var timers = submitted.GetProperty("timers").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("dueAt").GetDateTimeOffset());
        var submittedAt = f.Clock.GetUtcNow();
        Assert.Equal(submittedAt.AddDays(5), timers["answer-reminder"]);
        Assert.Equal(submittedAt.AddDays(10), timers["answer-escalation"]);

        await AdvanceAsync(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(3));
        Assert.Equal(0, await FiredAsync(referral, "RemindNoAnswer"));

        await EventuallyAsync(async () => await FiredAsync(referral, "RemindNoAnswer") == 1, "the reminder did not fire");
        var reminded = await f.InstanceAsync(referral);
        Assert.Equal("no-answer", reminded.GetProperty("attention").GetString());
        Assert.Equal("Caseworker", reminded.GetProperty("taskRole").GetString());
        var firedAt = await f.Database.ScalarAsync<DateTime>($"SELECT at FROM workflows.journal WHERE instance_id = '{referral}' AND trigger = 'RemindNoAnswer'");
        Assert.InRange(new DateTimeOffset(firedAt, TimeSpan.Zero) - timers["answer-reminder"], TimeSpan.Zero, TimeSpan.FromMinutes(3));

        await AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(1, await FiredAsync(referral, "RemindNoAnswer"));

        await AdvanceAsync(TimeSpan.FromDays(5));
        await EventuallyAsync(async () => await FiredAsync(referral, "EscalateNoAnswer") == 1, "the escalation did not fire");
        var escalated = await f.InstanceAsync(referral);
        Assert.Equal("CentreHead", escalated.GetProperty("taskRole").GetString());
        Assert.Equal("escalated", escalated.GetProperty("attention").GetString());
        Assert.Empty(escalated.GetProperty("timers").EnumerateArray());
        await AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(1, await FiredAsync(referral, "RemindNoAnswer"));
        Assert.Equal(1, await FiredAsync(referral, "EscalateNoAnswer"));
    }

    [Fact]
    public async Task Timers_due_while_the_silo_was_down_fire_once_after_the_restart_and_a_repeat_does_not_burst()
    {
        var answered = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", await f.KeaAsync())).Id();
        await f.StepAsync(answered, "Submit");
        await f.StepAsync(answered, "Accept", new { });
        var acceptedAt = f.Clock.GetUtcNow();
        var waiting = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", await f.KeaAsync())).Id();
        await f.StepAsync(waiting, "Submit");
        await WaitForReminderAsync();

        // 20 days pass with no silo: the 5-day reminder, the 10-day escalation and the 14-day follow-up all fall due
        await f.RestartAsync(() =>
        {
            f.Clock.Advance(TimeSpan.FromDays(20));
            return Task.CompletedTask;
        });
        await EventuallyAsync(async () =>
            await FiredAsync(waiting, "EscalateNoAnswer") == 1 && await FiredAsync(answered, "FollowUpDue") == 1,
            "timers due while down were not caught up");
        await AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(1, await FiredAsync(waiting, "RemindNoAnswer"));
        Assert.Equal(1, await FiredAsync(waiting, "EscalateNoAnswer"));
        Assert.Equal(1, await FiredAsync(answered, "FollowUpDue"));
        // one follow-up for the missed due time, and the next keeps the 14-day cadence instead of bursting
        var followUp = (await f.InstanceAsync(answered)).GetProperty("timers").EnumerateArray().Single();
        Assert.Equal("follow-up", followUp.GetProperty("name").GetString());
        Assert.Equal(acceptedAt.AddDays(28), followUp.GetProperty("dueAt").GetDateTimeOffset());
        Assert.True(followUp.GetProperty("dueAt").GetDateTimeOffset() > f.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_scheduler_sees_what_falls_due_snoozes_one_with_a_reason_and_sends_the_due_ones_now()
    {
        var referral = (await f.ReferAsync(await f.BeneficiaryAsync(), "programme", await f.KeaAsync())).Id();
        await f.StepAsync(referral, "Submit");
        var scheduler = f.As("Scheduler", user: "scheduler");

        var due = await (await scheduler.GetAsync("/api/workflows/timers?days=7")).ReadJsonAsync();
        Assert.Contains(due.EnumerateArray(), t => t.GetProperty("instanceId").GetGuid() == referral && t.GetProperty("name").GetString() == "answer-reminder");
        Assert.DoesNotContain(due.EnumerateArray(), t => t.GetProperty("instanceId").GetGuid() == referral && t.GetProperty("name").GetString() == "answer-escalation");

        var noReason = await scheduler.PostAsync($"/api/workflows/instances/{referral}/timers/answer-reminder/reschedule",
            System.Net.Http.Json.JsonContent.Create(new { commandId = Guid.NewGuid(), snoozeFor = "2.00:00:00" }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, noReason.StatusCode);

        var snoozed = await (await scheduler.PostAsync($"/api/workflows/instances/{referral}/timers/answer-reminder/reschedule",
            System.Net.Http.Json.JsonContent.Create(new { commandId = Guid.NewGuid(), snoozeFor = "2.00:00:00", reason = "Ο φορέας ζήτησε δύο μέρες" }))).ReadJsonAsync();
        var reminder = snoozed.GetProperty("timers").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "answer-reminder");
        Assert.Equal(f.Clock.GetUtcNow().AddDays(2), reminder.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(snoozed.GetProperty("journal").EnumerateArray(), j => j.GetProperty("kind").GetString() == "Rescheduled" && j.GetProperty("comment").GetString() == "Ο φορέας ζήτησε δύο μέρες");

        // the escalation is moved to later today; "send now" fires what falls due today without waiting for its hour
        var moved = await scheduler.PostAsync($"/api/workflows/instances/{referral}/timers/answer-escalation/reschedule",
            System.Net.Http.Json.JsonContent.Create(new { commandId = Guid.NewGuid(), dueAt = f.Clock.GetUtcNow().AddMinutes(30), reason = "Να γίνει σήμερα" }));
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        var sent = await (await scheduler.PostAsync("/api/workflows/timers/dispatch", System.Net.Http.Json.JsonContent.Create(new { }))).ReadJsonAsync();
        Assert.Equal(1, sent.GetProperty("fired").GetInt32());
        Assert.Equal(1, await FiredAsync(referral, "EscalateNoAnswer"));
        Assert.Equal(0, await FiredAsync(referral, "RemindNoAnswer"));
        Assert.StartsWith("sent now by ", await f.Database.ScalarAsync<string>(
            $"SELECT comment FROM workflows.journal WHERE instance_id = '{referral}' AND trigger = 'EscalateNoAnswer' AND kind = 'Timer'"), StringComparison.Ordinal);

        var caseworkerDispatch = await f.Caseworker.PostAsync("/api/workflows/timers/dispatch", System.Net.Http.Json.JsonContent.Create(new { }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, caseworkerDispatch.StatusCode);
    }

    [Fact]
    public async Task A_policy_per_target_kind_sets_the_interval_on_working_days_outside_quiet_hours()
    {
        var scheduler = f.As("Scheduler", user: "scheduler");
        var set = await scheduler.PutAsync("/api/workflows/policies/referral/answer-reminder/NightShelter",
            System.Net.Http.Json.JsonContent.Create(new { afterDays = 3, workingDaysOnly = true, quietFrom = "20:00:00", quietUntil = "08:30:00" }));
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());

        // a night shelter's referrals only (other kinds keep the default); Friday 2026-04-10 (Orthodox Good Friday) 16:00 Athens: 3 working days skip the Easter weekend and Easter Monday
        f.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 10, 13, 0, 0, TimeSpan.Zero));
        var referral = (await f.ReferAsync(await f.BeneficiaryAsync(), "body", await f.ShelterAsync(beds: 5))).Id();
        var submitted = await f.StepAsync(referral, "Submit");
        var reminder = submitted.GetProperty("timers").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "answer-reminder");
        Assert.Equal(new DateTimeOffset(2026, 4, 16, 16, 0, 0, TimeSpan.FromHours(3)), reminder.GetProperty("dueAt").GetDateTimeOffset());

        var bad = await scheduler.PutAsync("/api/workflows/policies/referral/no-such-timer/Programme",
            System.Net.Http.Json.JsonContent.Create(new { afterDays = 0, workingDaysOnly = false }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("timer", out _));
        Assert.True(errors.TryGetProperty("afterDays", out _));
        var caseworker = await f.Caseworker.PutAsync("/api/workflows/policies/referral/answer-reminder/Programme",
            System.Net.Http.Json.JsonContent.Create(new { afterDays = 3, workingDaysOnly = true }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, caseworker.StatusCode);
    }
}
