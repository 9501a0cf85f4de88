using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace Platform.Host.Silo;

/// <summary>
/// Wires the Orleans silo to PostgreSQL: ADO.NET clustering, grain storage and reminders, all with the
/// <c>Npgsql</c> invariant, against the schema that <see cref="OrleansSchema"/> creates. Silo and gateway
/// endpoints are left to the caller.
/// </summary>
internal static class SiloSetup
{
    /// <summary>The ADO.NET invariant of Npgsql (the providers load its factory by reflection).</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Name of the grain storage provider; it is also Orleans' default storage name.</summary>
    public const string StorageName = "Default";

    public static ISiloBuilder UsePlatformPostgres(
        this ISiloBuilder silo,
        string connectionString,
        string clusterId = "platform",
        string serviceId = "platform")
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);

        silo.Services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });

        // A small cluster (one to three hosts on one database): declare a silo that stopped answering dead
        // after ~10 s instead of the default minute, so a host restarted after kill -9 serves again quickly.
        silo.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(3);
            o.NumMissedProbesLimit = 3;
        });

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

        // System.Text.Json instead of the default Newtonsoft serializer with .NET type names:
        // renaming a state type must not break what is stored.
        silo.AddAdoNetGrainStorage(StorageName, (OptionsBuilder<AdoNetGrainStorageOptions> ob) =>
            ob.Configure<IServiceProvider>((o, sp) =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(sp);
            }));

        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

        return silo;
    }

    /// <summary>For an external client (tools, tests): find the silos' gateways in the same database.</summary>
    public static IClientBuilder UsePlatformPostgres(
        this IClientBuilder client,
        string connectionString,
        string clusterId = "platform",
        string serviceId = "platform")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        client.Services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return client;
    }
}
