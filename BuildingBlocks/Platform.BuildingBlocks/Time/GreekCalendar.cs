namespace Platform.BuildingBlocks.Time;

/// <summary>
/// Working days in Greece: Monday to Friday, except the national public holidays, the movable ones
/// counted from Orthodox Easter (Clean Monday, Good Friday, Easter Monday, Whit Monday).
/// </summary>
public static class GreekCalendar
{
    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(day);

    public static bool IsPublicHoliday(DateOnly day)
    {
        if ((day.Month, day.Day) is (1, 1) or (1, 6) or (3, 25) or (5, 1) or (8, 15) or (10, 28) or (12, 25) or (12, 26))
        {
            return true;
        }
        var easter = OrthodoxEaster(day.Year);
        var offset = day.DayNumber - easter.DayNumber;
        return offset is -48 or -2 or 1 or 50;
    }

    /// <summary>Orthodox Easter Sunday (Meeus' Julian algorithm, moved to the Gregorian calendar; valid 1900–2099).</summary>
    public static DateOnly OrthodoxEaster(int year)
    {
        var a = year % 4;
        var b = year % 7;
        var c = year % 19;
        var d = ((19 * c) + 15) % 30;
        var e = ((2 * a) + (4 * b) - d + 34) % 7;
        var month = (d + e + 114) / 31;
        var day = ((d + e + 114) % 31) + 1;
        return new DateOnly(year, month, day).AddDays(13);
    }

    public static DateOnly NextWorkingDay(DateOnly day)
    {
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        return day;
    }

    /// <summary><paramref name="days"/> working days after <paramref name="day"/> (a non-working start counts from the next working day).</summary>
    public static DateOnly AddWorkingDays(DateOnly day, int days)
    {
        var result = day;
        var left = days;
        while (left > 0)
        {
            result = result.AddDays(1);
            if (IsWorkingDay(result))
            {
                left--;
            }
        }
        return NextWorkingDay(result);
    }
}
