using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Testing;

/// <summary>
/// The real host (ASP.NET Core + Orleans silo + modules) on a test database, with free silo and
/// gateway ports so test classes can run side by side. Two factories on one database form one cluster.
/// </summary>
public sealed class PlatformFactory(string connectionString, string environment = "Development", bool seedDemoData = true)
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
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
