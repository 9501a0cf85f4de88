using System.Diagnostics;
using System.Globalization;

namespace Platform.Bench.Measure;

/// <summary>
/// Where the machine's CPU went during a phase (Linux /proc): this bench process, the host child
/// process, the bench's PostgreSQL server (its postmaster and every process it started, finished backends
/// included through the postmaster's children time), and everything else — other people's builds and
/// their own PostgreSQL servers on a shared machine show up there.
/// </summary>
internal sealed record CpuSnapshot(long Timestamp, double MachineBusy, double MachineTotal, double Bench, double Host, double Postgres)
{
    private static readonly double Tick = 1.0 / 100; // USER_HZ

    /// <summary>
    /// The postmaster of the server under test (<see cref="FindServerAsync"/>). Unset, every process named postgres
    /// counts, which on a machine shared with other engineers' test servers puts their work on this bench's bill.
    /// </summary>
    public static int? ServerPid { get; private set; }

    /// <summary>Finds the postmaster of the server <paramref name="connectionString"/> reaches: the parent of its backend.</summary>
    public static async Task FindServerAsync(string connectionString, CancellationToken ct)
    {
        if (!Supported)
        {
            return;
        }

        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", conn);
        var backend = (int)(await cmd.ExecuteScalarAsync(ct))!;
        if (Stat(backend) is { } stat && int.TryParse(stat.Fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent))
        {
            ServerPid = parent;
        }
    }

    /// <summary>A process's name and the fields after it in /proc/PID/stat (state, ppid, …), or null when it is gone.</summary>
    private static (string Name, string[] Fields)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            return open < 0 || close < 0 ? null : (stat[(open + 1)..close], stat[(close + 2)..].Split(' '));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

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

    /// <summary>
    /// User + system time of the server's processes (the postmaster and its children, plus the time of the children it
    /// reaped); of every process named postgres when the server was not found.
    /// </summary>
    private static double PostgresSeconds()
    {
        double sum = 0;
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(dir);
                if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    if (Stat(pid) is not { Name: "postgres" } stat)
                    {
                        continue;
                    }

                    // fields after ")": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
                    var f = stat.Fields;
                    if (ServerPid is { } server && pid != server && f[1] != server.ToString(CultureInfo.InvariantCulture))
                    {
                        continue; // another server on the machine
                    }

                    sum += (double.Parse(f[11], CultureInfo.InvariantCulture) + double.Parse(f[12], CultureInfo.InvariantCulture)
                        + double.Parse(f[13], CultureInfo.InvariantCulture) + double.Parse(f[14], CultureInfo.InvariantCulture)) * Tick;
                }
                catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException)
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
