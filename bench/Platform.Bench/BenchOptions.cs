using System.Globalization;
using System.Net;
using Npgsql;

namespace Platform.Bench;

/// <summary>Command-line settings; every loop of the bench is bounded by these counts and times.</summary>
internal sealed record BenchOptions
{
    public const string DatabaseName = "platform_bench";
    public const string DefaultServer = "Host=127.0.0.1;Port=55432;Username=postgres";
    public const string Usage = """
        Platform.Bench — the Registries beneficiary bench (run it with ./platform bench [options]).
          --rows N          beneficiaries in the bench database (default 1,000,000; generated once, reused after)
          --quick           smoke run: 100,000 rows and 5 s load phases
          --regenerate      drop the generated rows and generate them again
          --samples N       measured queries of each kind (default 2,000, at least 2,000 for a reported figure)
          --seconds N       length of each throughput phase (default 20; 5 with --quick)
          --clients N       concurrent clients of the throughput phases (default 16)
          --warm-up N       seconds of load before each throughput phase is measured (default 10; 2 with --quick)
          --skip-search     leave out the search latency part
          --skip-register   leave out the registration throughput part (and the host)
        Environment: PLATFORM_BENCH_PG = the server (loopback only); the database is always platform_bench.
        """;

    public int Rows { get; init; } = 1_000_000;
    public bool Quick { get; init; }
    public bool Regenerate { get; init; }
    public int Samples { get; init; } = 2_000;
    public int WarmUp { get; init; } = 300;
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>
    /// Load before each throughput phase counts, the same for both. Long enough for a host started seconds before to
    /// have compiled its code and activated what every registration touches (3 s was not, on two cores: the measured
    /// phase then paid one-time JIT and activation costs that no running server pays).
    /// </summary>
    public TimeSpan PhaseWarmUp { get; init; } = TimeSpan.FromSeconds(10);
    public int Clients { get; init; } = 16;
    public bool SkipSearch { get; init; }
    public bool SkipRegistration { get; init; }

    /// <summary>Upper bound on each search section, whatever the sample size.</summary>
    public TimeSpan SearchTimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    public required string ServerConnectionString { get; init; }

    public string Mode => Quick ? "quick" : "full";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString)
    {
        Database = DatabaseName,
        ApplicationName = "platform-bench",
    }.ConnectionString;

    /// <summary>What the host child process gets as ConnectionStrings__Platform.</summary>
    public string HostConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = DatabaseName }.ConnectionString;

    public static BenchOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var server = Environment.GetEnvironmentVariable("PLATFORM_BENCH_PG") is { Length: > 0 } env ? env : DefaultServer;
        var o = new BenchOptions { ServerConnectionString = server };
        int? rows = null, seconds = null, warmUp = null;
        for (var i = 0; i < args.Length; i++)
        {
            int Int(string name, int min, int max)
            {
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1].Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
                        NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                {
                    throw new ArgumentException($"{name} takes a number from {min:N0} to {max:N0}");
                }

                i++;
                return v;
            }

            try
            {
                switch (args[i])
                {
                    case "--rows": rows = Int("--rows", 10_000, 5_000_000); break;
                    case "--quick": o = o with { Quick = true }; break;
                    case "--regenerate": o = o with { Regenerate = true }; break;
                    case "--samples": o = o with { Samples = Int("--samples", 100, 50_000) }; break;
                    case "--seconds": seconds = Int("--seconds", 1, 300); break;
                    case "--clients": o = o with { Clients = Int("--clients", 1, 64) }; break;
                    case "--warm-up": warmUp = Int("--warm-up", 0, 300); break;
                    case "--skip-search": o = o with { SkipSearch = true }; break;
                    case "--skip-register": o = o with { SkipRegistration = true }; break;
                    case "--help" or "-h": error = ""; return null;
                    default: error = $"unknown option {args[i]}"; return null;
                }
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        o = o with
        {
            Rows = rows ?? (o.Quick ? 100_000 : 1_000_000),
            Phase = TimeSpan.FromSeconds(seconds ?? (o.Quick ? 5 : 20)),
            PhaseWarmUp = TimeSpan.FromSeconds(warmUp ?? (o.Quick ? 2 : 10)),
            SearchTimeLimit = o.Quick ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(10),
        };

        var host = new NpgsqlConnectionStringBuilder(server).Host ?? "";
        if (!IsLoopback(host))
        {
            error = $"PLATFORM_BENCH_PG points at '{host}': the bench only talks to a server on 127.0.0.1 / localhost.";
            return null;
        }

        return o;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))
        || host.StartsWith('/'); // a Unix socket directory is local too
}
