using System.Diagnostics;
using System.Globalization;

namespace Platform.Bench.Measure;

/// <summary>
/// Where the machine's CPU went during a phase (Linux /proc): this bench process, the host child
/// process, every PostgreSQL process (finished backends included, through the postmaster's children
/// time), and everything else — other people's builds and servers on a shared machine show up there.
/// </summary>
internal sealed record CpuSnapshot(long Timestamp, double MachineBusy, double MachineTotal, double Bench, double Host, double Postgres)
{
    private static readonly double Tick = 1.0 / 100; // USER_HZ

    public static CpuSnapshot Take(Process? host)
    {
        var (busy, total) = Machine();
        double hostSeconds = 0;
        try
        {
            if (host is { HasExited: false })
            {
                host.Refresh();
                hostSeconds = host.TotalProcessorTime.TotalSeconds;
            }
        }
        catch (InvalidOperationException)
        {
            // gone
        }

        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), busy, total, self.TotalProcessorTime.TotalSeconds, hostSeconds, PostgresSeconds());
    }

    public static bool Supported => File.Exists("/proc/stat");

    /// <summary>"machine 96 % busy of 2 cores; per operation: host 31.2 ms, PostgreSQL 12.0 ms, bench 2.1 ms, other processes 4.0 ms".</summary>
    public static string Describe(CpuSnapshot before, CpuSnapshot after, long operations, string unit = "operation")
    {
        if (!Supported)
        {
            return "CPU accounting needs Linux /proc";
        }

        var wall = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var busy = after.MachineBusy - before.MachineBusy;
        var total = after.MachineTotal - before.MachineTotal;
        var bench = after.Bench - before.Bench;
        var host = after.Host - before.Host;
        var pg = after.Postgres - before.Postgres;
        var other = Math.Max(0, busy - bench - host - pg);
        var ops = Math.Max(1, operations);
        string Per(double seconds) => (seconds * 1000 / ops).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        return string.Create(CultureInfo.InvariantCulture,
            $"machine {busy / Math.Max(total, 1e-9) * 100:0} % busy over {wall:0.0} s ({Environment.ProcessorCount} cores); CPU per {unit}: "
            + $"PostgreSQL {Per(pg)}, host {Per(host)}, bench client {Per(bench)}, other processes {Per(other)} (other processes used {other / Math.Max(wall, 1e-9) * 100:0} % of one core)");
    }

    private static (double Busy, double Total) Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal
            var busy = v[0] + v[1] + v[2] + v[5] + v[6] + (v.Length > 7 ? v[7] : 0);
            return (busy * Tick, (busy + v[3] + v[4]) * Tick);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return (0, 0);
        }
    }

    /// <summary>User + system time of every process named postgres, plus the time of its reaped children.</summary>
    private static double PostgresSeconds()
    {
        double sum = 0;
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(dir);
                if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    if (open < 0 || close < 0 || stat[(open + 1)..close] != "postgres")
                    {
                        continue;
                    }

                    // fields after ")": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based over the whole line
                    var f = stat[(close + 2)..].Split(' ');
                    sum += (double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture)
                        + double.Parse(f[13], CultureInfo.InvariantCulture) + double.Parse(f[14], CultureInfo.InvariantCulture)) * Tick;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // the process ended while we looked
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        return sum;
    }
}
