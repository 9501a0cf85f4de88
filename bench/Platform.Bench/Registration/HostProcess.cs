using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.Bench.Registration;

/// <summary>
/// The Platform host as a child process on its own ports (HTTP 5091, silo 11121, gateway 30021) against
/// platform_bench. It runs from a private copy of its Release build output, so another engineer's
/// rebuild of Host/ cannot pull the files from under it; stopping it kills its whole process tree.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const int HttpPort = 5091;
    public const int SiloPort = 11121;
    public const int GatewayPort = 30021;
    public static readonly Uri BaseAddress = new($"http://127.0.0.1:{HttpPort}");

    private static readonly object Gate = new();
    private static HostProcess? _running;

    private readonly Process _process;
    private readonly string _copy;
    private readonly StreamWriter _log;
    private int _stopped;

    private HostProcess(Process process, string copy, StreamWriter log)
    {
        _process = process;
        _copy = copy;
        _log = log;
    }

    public string? BuildWarning { get; private init; }

    public static async Task<HostProcess> StartAsync(string repositoryRoot, BenchOptions options, string logPath, CancellationToken ct)
    {
        foreach (var port in new[] { HttpPort, SiloPort, GatewayPort })
        {
            if (await IsListeningAsync(port, ct))
            {
                throw new InvalidOperationException($"Port {port} on 127.0.0.1 is already in use: the bench will not measure a host it did not start. Stop it first.");
            }
        }

        var project = Path.Combine(repositoryRoot, "Host", "Platform.Host", "Platform.Host.csproj");
        var output = Path.Combine(repositoryRoot, "Host", "Platform.Host", "bin", "Release", "net10.0");
        var buildWarning = await BuildAsync(project, ct);
        if (!File.Exists(Path.Combine(output, "Platform.Host.dll")))
        {
            throw new InvalidOperationException($"{output}/Platform.Host.dll is missing and the build failed: {buildWarning}");
        }

        var copy = Path.Combine(Path.GetTempPath(), $"platform-bench-host-{Environment.ProcessId}");
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        CopyDirectory(output, copy);
        Log.Info($"host: starting {Path.Combine(copy, "Platform.Host.dll")} on http://localhost:{HttpPort} (silo {SiloPort}, gateway {GatewayPort}); log in {logPath}");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = copy,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(copy, "Platform.Host.dll"), "--urls", $"http://localhost:{HttpPort}" },
            Environment =
            {
                ["ConnectionStrings__Platform"] = options.HostConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Orleans__SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),
                ["Platform__SeedDemoData"] = "true",
                // The demo users' password for the bench: derived from the database's, so the same on every run
                // against the same database (the users are made once), and never written down.
                ["Platform__DemoPassword"] = DemoPassword(options.HostConnectionString),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            },
        };
        start.Environment.Remove("ASPNETCORE_URLS");

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("The host process did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, copy, log) { BuildWarning = buildWarning };
        lock (Gate)
        {
            _running = host;
        }

        try
        {
            await host.WaitReadyAsync(logPath, TimeSpan.FromMinutes(3), ct);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>For Ctrl-C and process exit: the child must not outlive the bench.</summary>
    public static void KillRunning()
    {
        HostProcess? host;
        lock (Gate)
        {
            host = _running;
        }

        host?.Kill();
    }

    private async Task WaitReadyAsync(string logPath, TimeSpan limit, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} before it was ready; see {logPath}:\n{Tail(logPath)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Log.Info($"host: ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // a slow answer during start-up
            }

            await Task.Delay(500, ct);
        }

        throw new TimeoutException($"The host was not ready within {limit.TotalSeconds:0} s; see {logPath}:\n{Tail(logPath)}");
    }

    public static string DemoPassword(string connectionString) =>
        "Bench" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            "bench:" + new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password)))[..16] + "x";

    /// <summary>Signs in as the demo centre's caseworker (Identity's bearer token) for the requests the bench measures.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string connectionString, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri("/api/identity/login", UriKind.Relative), new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { email = "caseworker", password = DemoPassword(connectionString) }),
            System.Text.Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The bench could not sign in as the demo caseworker: {(int)response.StatusCode} {text}");
        }

        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString()!;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>For CPU accounting.</summary>
    public Process Process => _process;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Log.Info("host: stopping (SIGTERM, then killing the process tree)");
            // A graceful stop first lets the silo leave the membership table; then the tree goes regardless.
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                    if (term is not null)
                    {
                        await term.WaitForExitAsync();
                    }

                    using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                    await _process.WaitForExitAsync(graceful.Token);
                }
                catch (OperationCanceledException)
                {
                    // did not stop in time: killed below
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    // no kill(1): killed below
                }
            }

            Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Log.Info($"host: process {_process.Id} did not exit after the kill");
            }
        }

        lock (Gate)
        {
            if (ReferenceEquals(_running, this))
            {
                _running = null;
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
        try
        {
            Directory.Delete(_copy, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: it is in the temp folder
        }
        catch (UnauthorizedAccessException)
        {
            // idem
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>`dotnet build` of the host (Release); retried because other engineers may be building it at the same time.</summary>
    private static async Task<string?> BuildAsync(string project, CancellationToken ct)
    {
        string? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Log.Info($"host: dotnet build -c Release (attempt {attempt})");
            var build = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "build", project, "-c", "Release", "-v", "q", "-nologo", "-clp:ErrorsOnly" },
                Environment = { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            };
            using var process = Process.Start(build)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode == 0)
            {
                return null;
            }

            last = ((await stdout) + (await stderr)).Trim();
            Log.Info($"host: build failed (probably a concurrent build), retrying: {last.Split('\n').FirstOrDefault()}");
            await Task.Delay(TimeSpan.FromSeconds(10 * attempt), ct);
        }

        Log.Info("host: the build kept failing; using the existing build output");
        return last;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // output after the stop
            }
        }
    }

    private static string Tail(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
