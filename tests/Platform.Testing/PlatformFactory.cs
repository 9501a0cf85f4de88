using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Reminders;
using Platform.Workflows.Timers;

namespace Platform.Testing;

/// <summary>
/// The real host (ASP.NET Core + Orleans silo + modules) on a test database, with free silo and
/// gateway ports so test classes can run side by side. Two factories on one database form one cluster.
/// Like `./platform run`, it migrates as the database's owner and serves as the application role; its demo
/// users (<see cref="DemoUsers"/>) share one password made for this test process.
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
    /// <summary>The demo users' password in this test process (random, never committed).</summary>
    public static string DemoPassword { get; } = "Test" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) + "x";

    /// <summary>The owner's connection (migrations; what tests use to look at the database directly).</summary>
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:PlatformOwner", ConnectionString);
        builder.UseSetting("ConnectionStrings:Platform", TestDatabase.AppConnectionFor(ConnectionString));
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Platform:SeedDemoData", seedDemoData ? "true" : "false");
        builder.UseSetting("Platform:DemoPassword", DemoPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLogs(Logs)));
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

    /// <summary>Every warning and error the host logged ("category: message"), for tests that prove something was logged.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>
    /// Serves on a real Kestrel socket (for a browser) instead of the in-memory test server; returns the address, with
    /// <c>localhost</c> as its host as a browser should use it.
    /// </summary>
    public Uri StartKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A client acting as a user with these roles (comma-separated) at this centre — made for the test if need be, signed in
    /// through /api/identity/login on the client's first request. The same user name with other roles is updated.
    /// </summary>
    public HttpClient ClientAs(string roles, Guid? centre = null, string user = "test-user", Guid? municipality = null) =>
        CreateDefaultClient(new SignedInHandler(this, user, roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), centre, municipality));

    /// <summary>A client signed in (bearer token from /api/identity/login) as a demo user or one a test made.</summary>
    public async Task<HttpClient> ClientForAsync(string userName, string? password = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password));
        return client;
    }

    /// <summary>Signs in through Identity's API (with the second factor for roles that need it) and returns the access token.</summary>
    public async Task<string> TokenAsync(string userName, string? password = null)
    {
        using var anonymous = CreateClient();
        var key = await AuthenticatorKeyAsync(userName);
        var response = await anonymous.PostAsJsonAsync("/api/identity/login", new
        {
            email = userName,
            password = password ?? DemoPassword,
            twoFactorCode = key is null ? null : Totp.Now(key),
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sign-in of {userName} failed: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The user's enrolled authenticator secret, read from the database (as a phone would have it), or null.</summary>
    public async Task<string?> AuthenticatorKeyAsync(string userName)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT t.value FROM identity.user_tokens t JOIN identity.users u ON u.id = t.user_id
            WHERE u.normalized_user_name = upper($1) AND t.name = 'AuthenticatorKey' AND u.two_factor_enabled
            """, conn) { Parameters = { new() { Value = userName } } };
        return await cmd.ExecuteScalarAsync() as string;
    }
}

/// <summary>The demo users `./platform run` makes, one per role, at the demo centre (the supervisor: Δήμος Τρικκαίων).</summary>
public static class DemoUsers
{
    public const string Administrator = "admin";
    public const string CentreHead = "head";
    public const string Caseworker = "caseworker";
    public const string EntryPointClerk = "clerk";
    public const string Scheduler = "scheduler";
    public const string Supervisor = "supervisor";

    public static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    public static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");

    /// <summary>A seeded municipality with no centre of its own: where tests put a second centre or area.</summary>
    public static readonly Guid Pyli = new("0b5e7a10-0000-4000-8000-000000000002");
}

/// <summary>Keeps the host's warnings and errors in memory.</summary>
internal sealed class CapturedLogs(System.Collections.Concurrent.ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
