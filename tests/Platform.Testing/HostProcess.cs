using System.Diagnostics;
using System.Net.Http.Json;

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
        // As `./platform run`: migrations as the owner, requests as the application's role; demo users with the tests' password.
        start.Environment["ConnectionStrings__PlatformOwner"] = connectionString;
        start.Environment["ConnectionStrings__Platform"] = TestDatabase.AppConnectionFor(connectionString);
        start.Environment["Platform__DemoPassword"] = PlatformFactory.DemoPassword;
        start.Environment["Orleans__SiloPort"] = ports.Silo.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Platform__SeedDemoData"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The host is built to compile each method once, optimised (see Platform.Host.csproj): right for a long-running
        // server, slow for a test that starts it three times on a busy two-core machine. Tests measure no speed.
        start.Environment["DOTNET_TieredCompilation"] = "1";
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        var last = "";
        while (true)
        {
            try
            {
                var ready = await client.GetAsync("/health/ready");
                last = $"{(int)ready.StatusCode} {await ready.Content.ReadAsStringAsync()}";
                if (ready.IsSuccessStatusCode)
                {
                    var host = new HostProcess(process, client);
                    await host.SignInAsync(DemoUsers.CentreHead);
                    return host;
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

    /// <summary>Makes <see cref="Client"/> act as this demo user (a bearer token from /api/identity/login).</summary>
    public async Task SignInAsync(string userName)
    {
        Client.DefaultRequestHeaders.Authorization = null;
        using var login = await Client.PostAsJsonAsync("/api/identity/login", new { email = userName, password = PlatformFactory.DemoPassword });
        var body = await login.Content.ReadAsStringAsync();
        if (!login.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sign-in of {userName} failed: {(int)login.StatusCode} {body}");
        }

        var token = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
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
