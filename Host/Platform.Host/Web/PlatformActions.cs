using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.BuildingBlocks.Identity;

namespace Platform.Host.Web;

/// <summary>
/// How an interactive page sends a command or query: in a DI scope of its own (a fresh DbContext per action, not one
/// for the circuit's lifetime) whose <see cref="ICurrentActor"/> is the signed-in user of the circuit — the same
/// handlers, validation, policies and audit as the HTTP API.
/// </summary>
internal sealed class PlatformActions(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public async Task<T> QueryAsync<T>(IQuery<T> query, CancellationToken ct = default)
    {
        await using var scope = await ScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, ct);
    }

    public async Task<T> CommandAsync<T>(ICommand<T> command, CancellationToken ct = default)
    {
        await using var scope = await ScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, ct);
    }

    /// <summary>
    /// A query about one centre, as the API's <c>/…/centres/{centreId}</c> routes run it: the policy (reading a centre
    /// by default), then the centre within the user's scope (404 / 403, refusals logged), then the handler.
    /// </summary>
    public async Task<T> CentreQueryAsync<T>(Guid centreId, IQuery<T> query, string policy = PlatformPolicies.ReadCentres, CancellationToken ct = default)
    {
        await using var scope = await ScopeAsync();
        await AllowAsync(scope.ServiceProvider, centreId, policy, "GET", ct);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, ct);
    }

    /// <summary>A change to one centre: by default only those the API lets change it (its head, an administrator).</summary>
    public async Task<T> CentreCommandAsync<T>(Guid centreId, ICommand<T> command, string policy = PlatformPolicies.ManageCentres, CancellationToken ct = default)
    {
        await using var scope = await ScopeAsync();
        await AllowAsync(scope.ServiceProvider, centreId, policy, "POST", ct);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, ct);
    }

    /// <summary>Whether the signed-in user holds the policy (to show or hide a form; the action checks again).</summary>
    public async Task<bool> AllowsAsync(string policy)
    {
        await using var scope = await ScopeAsync();
        return scope.ServiceProvider.GetRequiredService<ICurrentActor>().Allows(policy);
    }

    private static async Task AllowAsync(IServiceProvider services, Guid centreId, string policy, string act, CancellationToken ct)
    {
        var actor = services.GetRequiredService<ICurrentActor>();
        if (!actor.Allows(policy))
        {
            throw Refusals.Forbidden(services.GetRequiredService<ILoggerFactory>().CreateLogger(Refusals.LogCategory), actor, act, "centre", "policy:" + policy);
        }

        await CentreScopeEndpoints.EnsureCentreInScopeAsync(services, centreId, act, ct);
    }

    /// <summary>For services that are not Mediator handlers (the workflow runtime's <c>WorkflowService</c>, its inbox and queries): same scope rules.</summary>
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = await ScopeAsync();
        return await work(scope.ServiceProvider);
    }

    /// <summary><see cref="RunAsync{T}"/> with one service.</summary>
    public Task<T> WithAsync<TService, T>(Func<TService, Task<T>> act)
        where TService : notnull =>
        RunAsync(services => act(services.GetRequiredService<TService>()));

    private async Task<AsyncServiceScope> ScopeAsync()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentPrincipal>().User = (await authentication.GetAuthenticationStateAsync()).User;
        return scope;
    }
}
