namespace Platform.BuildingBlocks.Time;

/// <summary>Dates as they are in Greece: "today" changes at midnight Athens time, not UTC.</summary>
public static class GreekTime
{
    public static readonly TimeZoneInfo Athens = TimeZoneInfo.FindSystemTimeZoneById("Europe/Athens");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Athens).DateTime);

    public static DateTimeOffset ToAthens(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Athens);

    /// <summary>A wall-clock time in Athens as an instant (an hour that does not exist in spring is taken an hour later).</summary>
    public static DateTimeOffset AtAthens(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (Athens.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(local, Athens.GetUtcOffset(local));
    }

    /// <summary>The instant a day starts in Athens (midnight local time), in UTC as PostgreSQL takes it.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => AtAthens(day, TimeOnly.MinValue).ToUniversalTime();
}
