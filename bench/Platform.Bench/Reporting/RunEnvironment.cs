using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace Platform.Bench.Reporting;

/// <summary>The facts a reader needs to compare two reports: the commit, the machine, the server.</summary>
internal static class RunEnvironment
{
    public static async Task DescribeAsync(Report report, BenchOptions options, string repositoryRoot, CancellationToken ct)
    {
        var commit = (await GitAsync(repositoryRoot, "rev-parse --short HEAD", ct))?.Trim() ?? "unknown";
        var dirty = await GitAsync(repositoryRoot, "status --porcelain --untracked-files=no", ct);
        if (!string.IsNullOrWhiteSpace(dirty))
        {
            commit += " (the working tree has uncommitted changes)";
        }

        report.Fact("Commit", commit);
        report.Fact("Run", string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {options.Mode} (rows {options.Rows:N0}, samples {options.Samples:N0} per query kind, throughput phases {options.Phase.TotalSeconds:0} s × {options.Clients} clients)"));
        report.Fact("Machine", string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} logical cores ({CpuModel()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"));

        await using var conn = new NpgsqlConnection(options.ConnectionString);
        await conn.OpenAsync(ct);
        var settings = new List<string>();
        foreach (var name in new[] { "shared_buffers", "work_mem", "synchronous_commit", "fsync", "jit", "max_connections" })
        {
            await using var cmd = new NpgsqlCommand($"SELECT current_setting('{name}')", conn);
            settings.Add($"{name}={await cmd.ExecuteScalarAsync(ct)}");
        }

        await using var version = new NpgsqlCommand("SELECT version()", conn);
        var builder = new NpgsqlConnectionStringBuilder(options.ServerConnectionString);
        report.Fact("PostgreSQL", $"{await version.ExecuteScalarAsync(ct)} — {string.Join(", ", settings)}");
        report.Fact("Schema", "Registries migrations applied: " + string.Join(", ", Database.BenchDatabase.AppliedMigrations));
        report.Fact("Database", string.Create(CultureInfo.InvariantCulture, $"{BenchOptions.DatabaseName} on {builder.Host}:{builder.Port} (client, server and host child process share the machine)"));
    }

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // not Linux, or not readable: the count of cores is enough
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static async Task<string?> GitAsync(string root, string arguments, CancellationToken ct)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            var output = await git.StandardOutput.ReadToEndAsync(ct);
            await git.WaitForExitAsync(ct);
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on the PATH
        }
    }
}
