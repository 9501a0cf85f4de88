using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.TestingHost;
using Platform.Host.Silo;
using Platform.Registries;
using Platform.Testing;

namespace Platform.Host.Tests.Silo;

/// <summary>
/// A two-silo <see cref="TestCluster"/> whose membership, grain state and reminders live in a fresh
/// PostgreSQL database (real ADO.NET providers, the project's own schema; the file grains' storage of the Registries module). The reminder service of
/// both silos runs on one <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    internal const string ConnectionStringKey = "PlatformTest:ConnectionString";
    internal const string ClockKey = "PlatformTest:ClockId";

    /// <summary>The silo configurators are created by the TestCluster from their type name: they find the clock here.</summary>
    internal static readonly ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();

    private readonly string _clockId = Guid.NewGuid().ToString("N");

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider ReminderClock { get; } = new();

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    public string ServiceId { get; } = "test-service";

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await OrleansSchema.EnsureAsync(Database.ConnectionString);
        // The file grains keep their state in the Registries module's own table.
        await using (var registries = new ServiceCollection().AddLogging().AddRegistriesModule(Database.ConnectionString).BuildServiceProvider())
        {
            await registries.MigrateRegistriesAsync();
        }

        Clocks[_clockId] = ReminderClock;

        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ClusterId = ClusterId;
        builder.Options.ServiceId = ServiceId;
        builder.Properties[ConnectionStringKey] = Database.ConnectionString;
        builder.Properties[ClockKey] = _clockId;
        builder.AddSiloBuilderConfigurator<PlatformSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PlatformClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
        Clocks.TryRemove(_clockId, out _);
        await Database.DisposeAsync();
    }
}

public sealed class PlatformSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        siloBuilder.UsePlatformPostgres(
            configuration[PostgresClusterFixture.ConnectionStringKey]!,
            configuration["Orleans:ClusterId"]!,
            configuration["Orleans:ServiceId"]!);

        siloBuilder.Services.AddBeneficiaryFileStorage(configuration[PostgresClusterFixture.ConnectionStringKey]!);
        var clock = PostgresClusterFixture.Clocks[configuration[PostgresClusterFixture.ClockKey]!];
        siloBuilder.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
    }
}

public sealed class PlatformClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UsePlatformPostgres(
            configuration[PostgresClusterFixture.ConnectionStringKey]!,
            configuration["Orleans:ClusterId"]!,
            configuration["Orleans:ServiceId"]!);
}
