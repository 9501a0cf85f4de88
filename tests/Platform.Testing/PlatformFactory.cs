using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders;
using Platform.Workflows.Timers;

namespace Platform.Testing;

/// <summary>
/// The real host (ASP.NET Core + Orleans silo + modules) on a test database, with free silo and
/// gateway ports so test classes can run side by side. Two factories on one database form one cluster.
/// A <paramref name="clock"/> (a fake one) drives the workflow runtime and the reminder service, not Orleans' own timing;
/// <paramref name="settings"/> override configuration; <paramref name="services"/> adds to (or replaces) the host's services
/// (a test's own workflow definitions, a fake clock for the whole host).
/// </summary>
public sealed class PlatformFactory(
    string connectionString,
    string environment = "Development",
    bool seedDemoData = true,
    TimeProvider? clock = null,
    Action<IServiceCollection>? services = null,
    IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Platform", ConnectionString);
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:SeedDemoData", seedDemoData ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            if (clock is not null)
            {
                s.AddSingleton(new WorkflowClock(clock));
                s.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, clock);
            }
            services?.Invoke(s);
        });
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
