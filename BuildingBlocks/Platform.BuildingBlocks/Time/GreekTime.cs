namespace Platform.BuildingBlocks.Time;

/// <summary>Dates as they are in Greece: "today" changes at midnight Athens time, not UTC.</summary>
public static class GreekTime
{
    private static readonly TimeZoneInfo Athens = TimeZoneInfo.FindSystemTimeZoneById("Europe/Athens");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Athens).DateTime);
}
