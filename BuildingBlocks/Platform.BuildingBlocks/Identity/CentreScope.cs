using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Identity;

/// <summary>Where a centre lies (its municipality and regional unit), for scope checks; the Registries module answers.</summary>
public interface ICentreLocator
{
    /// <summary>The body's location, or null when there is no such body.</summary>
    Task<RecordLocation?> LocateAsync(Guid bodyId, CancellationToken cancellationToken);

    /// <summary>The community centre's location, or null when there is none with this id (another kind of body included).</summary>
    Task<RecordLocation?> LocateCentreAsync(Guid centreId, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of every body (centres and every other structure) of a municipality or a regional unit: a supervisor's area
    /// (R20–R22), for modules that keep only a centre id on their rows and filter by it.
    /// </summary>
    Task<IReadOnlyList<Guid>> BodiesInAreaAsync(Guid? municipalityId, string? regionalUnit, CancellationToken cancellationToken);

    /// <summary>The names of these bodies (those that exist), for lists and exports that show a centre by its name.</summary>
    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IReadOnlyCollection<Guid> bodyIds, CancellationToken cancellationToken);
}

public static class CentreScopeEndpoints
{
    /// <summary>
    /// For routes under <c>/…/centres/{centreId}</c>: 404 when there is no such centre, 403 (logged) when it is outside
    /// the actor's scope (<see cref="ActorScope.Covers"/>). Centres are public registry entries, so 403 tells nothing new.
    /// </summary>
    public static TBuilder RequireCentreScope<TBuilder>(this TBuilder builder, string routeValue = "centreId")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Guid.TryParse(http.GetRouteValue(routeValue)?.ToString(), out var centreId))
            {
                await EnsureCentreInScopeAsync(http.RequestServices, centreId, http.Request.Method, http.RequestAborted);
            }

            return await next(context);
        });

    /// <summary>
    /// The same check for callers that are not endpoints (the pages, through their own DI scope): throws 404 when there is
    /// no such centre, 403 (logged as a refusal) when it lies outside the actor's scope.
    /// </summary>
    public static async Task EnsureCentreInScopeAsync(IServiceProvider services, Guid centreId, string act, CancellationToken cancellationToken)
    {
        var location = await services.GetRequiredService<ICentreLocator>().LocateCentreAsync(centreId, cancellationToken)
            ?? throw new NotFoundException(new("Το Κέντρο Κοινότητας δεν βρέθηκε.", "The community centre was not found."));
        var actor = services.GetRequiredService<ICurrentActor>();
        if (!actor.Covers(location))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Refusals.LogCategory);
            throw Refusals.Forbidden(logger, actor, act, "centre", "out-of-scope");
        }
    }
}
