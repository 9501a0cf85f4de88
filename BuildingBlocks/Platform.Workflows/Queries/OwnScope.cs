using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Identity;

namespace Platform.Workflows.Queries;

/// <summary>Registry lookups inside a read that <see cref="SharedReads"/> shares: in a scope of their own, since the request that started the read may end first.</summary>
internal static class OwnScope
{
    /// <summary>Asks the registry's <see cref="ICentreLocator"/> in a fresh scope; <paramref name="none"/> when no module provides one.</summary>
    public static async Task<T> AskCentreLocatorAsync<T>(this IServiceProvider services, Func<ICentreLocator, Task<T>> ask, T none)
    {
        await using var own = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        return own.ServiceProvider.GetService<ICentreLocator>() is { } locator ? await ask(locator) : none;
    }
}
