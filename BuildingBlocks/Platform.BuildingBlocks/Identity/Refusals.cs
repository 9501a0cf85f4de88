using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Identity;

/// <summary>
/// Every refusal is logged the same way: who (user id, roles, centre — never a name), what kind of act, on what
/// kind of record. Never the record's content; the record's id only in the module's audit, which is access-controlled.
/// </summary>
public sealed partial class Refusals
{
    /// <summary>Every refusal is logged under this one category (inject <c>ILogger&lt;Refusals&gt;</c>), so operations can watch one place.</summary>
    public const string LogCategory = "Platform.BuildingBlocks.Identity.Refusals";

    private Refusals()
    {
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning,
        Message = "Refused {Act} on {EntityType} for user {UserId} (roles {Roles}, centre {CentreId}): {Reason}")]
    private static partial void Refused(ILogger logger, string act, string entityType, string? userId, string roles, Guid? centreId, string reason);

    public static void Log(ILogger logger, ICurrentActor actor, string act, string entityType, string reason) =>
        Refused(logger, act, entityType, actor.UserId, string.Join(',', actor.Roles.Order(StringComparer.Ordinal)), actor.CentreId, reason);

    /// <summary>The record exists but is out of the actor's scope: answered as if it did not exist (its existence is not the caller's to know).</summary>
    public static NotFoundException OutOfScope(ILogger logger, ICurrentActor actor, string act, string entityType, NotFoundException notFound)
    {
        Log(logger, actor, act, entityType, "out-of-scope");
        return notFound;
    }

    /// <summary>The caller's role may not do this here.</summary>
    public static ForbiddenException Forbidden(ILogger logger, ICurrentActor actor, string act, string entityType, string reason)
    {
        Log(logger, actor, act, entityType, reason);
        return new ForbiddenException(new("Δεν έχετε δικαίωμα για αυτή την ενέργεια.", "You are not allowed to do this."));
    }
}
