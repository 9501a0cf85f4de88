using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Identity;

namespace Platform.Registries.Features.Beneficiaries;

/// <summary>
/// Where a user may open a file (R26, R28): centre staff at their own centre only; an entry-point clerk at their own
/// structure or at any centre of the same municipality (the file then belongs to that centre, whose staff will work it).
/// </summary>
internal static class RegistrationScope
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var command = context.Arguments.OfType<RegisterBeneficiary>().FirstOrDefault();
        var services = context.HttpContext.RequestServices;
        var actor = services.GetRequiredService<ICurrentActor>();
        if (command?.CentreId is { } target && target != actor.CentreId && !await MayRegisterAtAsync(services, actor, target, context.HttpContext.RequestAborted))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Refusals.LogCategory);
            throw Refusals.Forbidden(logger, actor, "register", FileChanges.EntityType, "other-centre");
        }

        return await next(context);
    }

    private static async Task<bool> MayRegisterAtAsync(IServiceProvider services, ICurrentActor actor, Guid target, CancellationToken ct)
    {
        var locator = services.GetRequiredService<ICentreLocator>();
        if (await locator.LocateAsync(target, ct) is not { } at)
        {
            return true; // an unknown structure is the validator's to answer (400 naming the field), not a refusal
        }

        return actor.IsInRole(PlatformRoles.EntryPointClerk) && actor.CentreId is { } own
            && await locator.LocateAsync(own, ct) is { } home && at.MunicipalityId == home.MunicipalityId;
    }
}
