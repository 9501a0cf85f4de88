using System.Diagnostics;

namespace Platform.Testing;

/// <summary>The host as its own OS process (the built Platform.Host.dll), so a test can SIGKILL it.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    public HttpClient Client { get; }

    private HostProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public static async Task<HostProcess> StartAsync(string connectionString, (int Http, int Silo, int Gateway) ports)
    {
        var port = ports.Http;
        var dll = Path.Combine(AppContext.BaseDirectory, "Platform.Host.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Platform"] = connectionString;
        start.Environment["Orleans__SiloPort"] = ports.Silo.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Platform__SeedDemoData"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var last = "";
        while (true)
        {
            try
            {
                var ready = await client.GetAsync("/health/ready");
                last = $"{(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}";
                if (ready.IsSuccessStatusCode)
                {
                    return new HostProcess(process, client);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                client.Dispose();
                throw new InvalidOperationException(
                    $"the host did not become ready (exited: {process.HasExited}, last /health/ready: {last}):\n{string.Join('\n', output.TakeLast(30))}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        Client.Dispose();
        _process.Dispose();
    }
}
