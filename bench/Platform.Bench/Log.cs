using System.Globalization;

namespace Platform.Bench;

/// <summary>Progress lines on stderr (the report itself goes to stdout and bench/results).</summary>
internal static class Log
{
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    public static void Info(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench {(DateTimeOffset.UtcNow - Started).TotalSeconds,6:0.0}s] {message}"));
}
