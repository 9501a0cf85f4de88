using Platform.BuildingBlocks.Time;
using Platform.Workflows.Timers;

namespace Platform.Workflows.Tests;

/// <summary>Working days and quiet hours as schedulers set them (Athens time, Greek public holidays).</summary>
public sealed class CalendarTests
{
    [Theory]
    [InlineData(2024, 5, 5)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 12)]
    [InlineData(2027, 5, 2)]
    public void Orthodox_easter(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), GreekCalendar.OrthodoxEaster(year));

    [Theory]
    [InlineData("2026-02-23", false)] // Clean Monday
    [InlineData("2026-03-25", false)]
    [InlineData("2026-04-10", false)] // Good Friday
    [InlineData("2026-04-13", false)] // Easter Monday
    [InlineData("2026-06-01", false)] // Whit Monday
    [InlineData("2026-10-28", false)]
    [InlineData("2026-11-26", true)]
    [InlineData("2026-11-28", false)] // Saturday
    public void Working_days(string day, bool working) => Assert.Equal(working, GreekCalendar.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly TimeSpan Summer = TimeSpan.FromHours(3);
    private static readonly TimeSpan Winter = TimeSpan.FromHours(2);

    [Fact]
    public void Calendar_days_without_rules()
    {
        var from = new DateTimeOffset(2026, 11, 27, 15, 0, 0, Winter);
        Assert.Equal(from.AddDays(2), TimerSchedule.Apply(from, new TimerPolicy(TimeSpan.FromDays(2), false, null, null)));
    }

    [Fact]
    public void Working_days_skip_the_weekend()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 15, 0, 0, Winter);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 0, 0, Winter), TimerSchedule.Apply(friday, new TimerPolicy(TimeSpan.FromDays(2), true, null, null)));
    }

    [Fact]
    public void Quiet_hours_over_midnight_move_to_their_end()
    {
        var evening = new DateTimeOffset(2026, 6, 2, 19, 30, 0, Summer);
        var policy = new TimerPolicy(TimeSpan.FromHours(2), false, new TimeOnly(20, 0), new TimeOnly(8, 30));
        Assert.Equal(new DateTimeOffset(2026, 6, 3, 8, 30, 0, Summer), TimerSchedule.Apply(evening, policy));
        var night = new DateTimeOffset(2026, 6, 3, 1, 0, 0, Summer);
        Assert.Equal(new DateTimeOffset(2026, 6, 3, 8, 30, 0, Summer), TimerSchedule.Apply(night, new TimerPolicy(TimeSpan.FromHours(1), false, new TimeOnly(20, 0), new TimeOnly(8, 30))));
    }

    [Fact]
    public void Quiet_hours_that_end_on_a_holiday_move_to_the_next_working_morning()
    {
        // Thursday 24 Dec 2026, 21:00: quiet until 08:30, but the 25th and 26th are holidays and then the weekend
        var christmasEve = new DateTimeOffset(2026, 12, 24, 19, 0, 0, Winter);
        var policy = new TimerPolicy(TimeSpan.FromHours(2), true, new TimeOnly(20, 0), new TimeOnly(8, 30));
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 8, 30, 0, Winter), TimerSchedule.Apply(christmasEve, policy));
    }
}
