using Microsoft.Extensions.Options;
using Platform.Access;
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
        // Tables are made and changed by their owner; the application's role only reads and writes rows.
        var owner = configuration.GetConnectionString("PlatformOwner") ?? connectionString;
        await DatabaseBootstrap.EnsureDatabaseAsync(owner, cancellationToken);
        await OrleansSchema.EnsureAsync(owner, cancellationToken);
        await services.MigrateRegistriesAsync(cancellationToken);
        await services.MigrateStaffingAsync(cancellationToken);
        await services.MigratePremisesAsync(cancellationToken);
        await services.MigrateWorkflowsAsync(cancellationToken);
        await services.MigrateSupervisionAsync(cancellationToken);
        await services.MigrateAccessAsync(cancellationToken);
        await DatabaseRoles.GrantApplicationRoleAsync(owner, connectionString, cancellationToken);
        // Migrations change database-level settings (the trigram threshold); pooled sessions opened before them
        // would keep the old values.
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (options.Value.SeedDemoData)
        {
            await services.SeedRegistriesDemoDataAsync(cancellationToken);
            DemoCredentials.Announce(await services.SeedAccessDemoUsersAsync(options.Value.DemoPassword, cancellationToken), options.Value.DemoCredentialsFile);
            logger.LogInformation("Demo data is in place (seeded once; later runs keep the data)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
