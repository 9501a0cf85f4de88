using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Platform.BuildingBlocks.Persistence;
using Platform.Workflows.Api;
using Platform.Workflows.Definitions;
using Platform.Workflows.Outbox;
using Platform.Workflows.Persistence;
using Platform.Workflows.Queries;
using Platform.Workflows.Timers;

namespace Platform.Workflows;

/// <summary>The workflow runtime (in place of Elsa; docs/adr/0001): registration, endpoints and schema.</summary>
public static class WorkflowsModule
{
    public static IServiceCollection AddWorkflows(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkflowClock(sp.GetRequiredService<TimeProvider>()));
        services.AddDbContextPool<WorkflowsDbContext>(o => o.UseModuleNpgsql(connectionString, WorkflowsDbContext.Schema));
        services.AddSingleton(_ => new WorkflowsDatabase(NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            // The step commit touches no session state: without the reset a pooled connection's next use is one round
            // trip and one transaction, not a DISCARD ALL first. The same few statements run all the time: prepare them.
            NoResetOnClose = true,
            MaxAutoPrepare = 50,
            AutoPrepareMinUsages = 2,
        }.ConnectionString)));
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<WorkflowCatalog>();
        services.AddSingleton<TimerSchedule>();
        services.AddSingleton<OutboxSignal>();
        services.AddScoped<WorkflowScope>();
        services.AddScoped<WorkflowQueries>();
        services.AddSingleton<SharedReads>();
        services.AddScoped<WorkflowInbox>();
        services.AddScoped<IWorkflowReports, WorkflowReports>();
        services.AddScoped<WorkflowService>();
        services.AddScoped<WorkflowOversight>();
        services.AddScoped<IWorkflowRuntime>(sp => sp.GetRequiredService<WorkflowService>());
        services.AddHostedService<WorkflowOutboxWorker>();
        services.AddHostedService<TimerDispatcherStartup>();
        return services;
    }

    /// <summary>A module declares each version of each of its processes here.</summary>
    public static IServiceCollection AddWorkflowDefinition<TDefinition>(this IServiceCollection services)
        where TDefinition : class, IWorkflowDefinition =>
        services.AddSingleton<IWorkflowDefinition, TDefinition>();

    public static IEndpointRouteBuilder MapWorkflows(this IEndpointRouteBuilder app) => app.MapWorkflowEndpoints().MapTaskEndpoints();

    public static Task MigrateWorkflowsAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateModuleAsync<WorkflowsDbContext>(ct);
}
