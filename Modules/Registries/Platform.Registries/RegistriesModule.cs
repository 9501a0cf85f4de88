using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime.Hosting;
using Platform.BuildingBlocks.Persistence;
using Platform.Registries.Features.Beneficiaries;
using Platform.Registries.Features.Bodies;
using Platform.Registries.Features.Municipalities;
using Platform.Registries.Features.Programmes;
using Platform.Registries.Outbox;
using Platform.Registries.Persistence;
using Platform.Registries.Seed;

namespace Platform.Registries;

/// <summary>The Registries module (R24–R29): beneficiaries and their electronic file, bodies, programmes, municipalities.</summary>
public static class RegistriesModule
{
    public static IServiceCollection AddRegistriesModule(this IServiceCollection services, string connectionString)
    {
        // Pooled: a registration opens several contexts' worth of work per second; pooling skips rebuilding them.
        services.AddDbContextPool<RegistriesDbContext>(o => o.UseModuleNpgsql(TrigramThreshold.On(connectionString), RegistriesDbContext.Schema));
        services.AddValidatorsFromAssemblyContaining<RegistriesDbContext>(ServiceLifetime.Scoped,
            r => r.ValidatorType != typeof(RegisterBeneficiaryValidator), includeInternalTypes: true);
        // Registration is the hot path: its validator is built once, not per request.
        services.AddSingleton<IValidator<RegisterBeneficiary>, RegisterBeneficiaryValidator>();
        services.AddSingleton(RegistrationRows.Create);
        services.AddSingleton<RegistrationTransaction>();
        services.AddKeyedSingleton(RegistrationBatcher.DataSourceKey, (_, _) => NpgsqlDataSource.Create(TrigramThreshold.On(connectionString)));
        services.AddSingleton(sp => new RegistrationBatcher(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(RegistrationBatcher.DataSourceKey),
            sp.GetRequiredService<RegistrationTransaction>(),
            centre => sp.GetRequiredService<IGrainFactory>().GetGrain<Contracts.ICentreGrain>(centre).FilesChanged(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RegistrationBatcher>>()));
        // Built once: its rules hold the regular expressions, which cost more to build than to run.
        services.AddSingleton<BeneficiaryProfileValidator>();
        services.AddSingleton<FileEventPublisher>();
        services.AddSingleton<Features.KnownRecords>();
        services.AddScoped<Features.Audit.AuditHandlers>();
        services.AddScoped<Contracts.ICentreDirectory, Features.CentreDirectory>();
        services.AddScoped<BuildingBlocks.Identity.ICentreLocator, Features.CentreLocator>();
        services.AddScoped<Contracts.IMunicipalityDirectory, Features.MunicipalityDirectory>();
        services.AddScoped<Contracts.IReferralTargetDirectory, Features.ReferralTargetDirectory>();
        services.AddScoped<Supervision.Contracts.IAnnualReportContributor, Features.Centres.BeneficiariesReportContributor>();
        services.AddHostedService<FileEventOutboxWorker>();
        services.AddSingleton<BuildingBlocks.Outbox.ICentreChangeNotifier, Grains.CentreGrainNotifier>();
        return services.AddBeneficiaryFileStorage(connectionString);
    }

    /// <summary>
    /// The grain storage of the electronic files (<c>registries.beneficiary_files</c>, see <see cref="Grains.BeneficiaryFileStorage"/>);
    /// a silo that hosts the file grains needs it. Files stored before it existed are read from Orleans' default storage.
    /// </summary>
    public static IServiceCollection AddBeneficiaryFileStorage(this IServiceCollection services, string connectionString)
    {
        services.AddKeyedSingleton(Grains.BeneficiaryFileStorage.Name, (sp, _) => NpgsqlDataSource.Create(connectionString));
        services.AddGrainStorage(Grains.BeneficiaryFileStorage.Name, (sp, name) => new Grains.BeneficiaryFileStorage(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(name),
            sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)));
        return services;
    }

    public static IEndpointRouteBuilder MapRegistriesModule(this IEndpointRouteBuilder app)
    {
        var registries = app.MapGroup("/api/registries");
        var beneficiaries = registries.MapGroup("/beneficiaries").WithTags("Beneficiaries");
        SearchEndpoints.Map(beneficiaries);
        RegisterBeneficiaryEndpoint.Map(beneficiaries);
        GetBeneficiaryFileEndpoints.Map(beneficiaries);
        UpdateBeneficiaryEndpoint.Map(beneficiaries);
        HouseholdAndConsentEndpoints.Map(beneficiaries);
        Features.Audit.AuditEndpoints.Map(registries, beneficiaries);
        BodyEndpoints.Map(registries);
        ProgrammeEndpoints.Map(registries);
        MunicipalityEndpoints.Map(registries);
        Features.Centres.CentreEndpoints.Map(app);
        return app;
    }

    /// <summary>Applies the module's migrations (creates the database if missing).</summary>
    public static Task MigrateRegistriesAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateModuleAsync<RegistriesDbContext>(ct);

    /// <summary>Seeds the demo municipality, centre, bodies of every kind and programmes, once.</summary>
    public static async Task SeedRegistriesDemoDataAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await DemoData.SeedAsync(scope.ServiceProvider.GetRequiredService<RegistriesDbContext>(), ct);
    }
}
