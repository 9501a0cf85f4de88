using Microsoft.Extensions.Options;
using Platform.Host.Silo;
using Platform.Premises;
using Platform.Registries;
using Platform.Staffing;
using Platform.Workflows;
using Platform.Supervision;

namespace Platform.Host.Composition;

/// <summary>
/// Brings the database up to date before anything else starts: creates it if missing, applies the
/// Orleans tables and every module's migrations, seeds demo data when asked. Registered as the first
/// hosted service, so the silo (clustering, storage, reminders) finds its tables in place.
/// </summary>
internal sealed class PlatformPreparation(IConfiguration configuration, IServiceProvider services, IOptions<PlatformOptions> options, ILogger<PlatformPreparation> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Platform")!;
        await DatabaseBootstrap.EnsureDatabaseAsync(connectionString, cancellationToken);
        await OrleansSchema.EnsureAsync(connectionString, cancellationToken);
        await services.MigrateRegistriesAsync(cancellationToken);
        await services.MigrateStaffingAsync(cancellationToken);
        await services.MigratePremisesAsync(cancellationToken);
        await services.MigrateWorkflowsAsync(cancellationToken);
        await services.MigrateSupervisionAsync(cancellationToken);
        // Migrations change database-level settings (the trigram threshold); pooled sessions opened before them
        // would keep the old values.
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (options.Value.SeedDemoData)
        {
            await services.SeedRegistriesDemoDataAsync(cancellationToken);
            logger.LogInformation("Demo data is in place (seeded once; later runs keep the data)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
