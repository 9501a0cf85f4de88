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

    private async Task<AsyncServiceScope> ScopeAsync()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentPrincipal>().User = (await authentication.GetAuthenticationStateAsync()).User;
        return scope;
    }
}
