namespace Platform.Registries.Contracts;

/// <summary>
/// What other modules may ask the Registries about a community centre: its identity and the municipality
/// whose population sets its team size (R12). Resolved from DI (scoped).
/// </summary>
public interface ICentreDirectory
{
    /// <summary>The community centre with this body id, or null when there is none (or the body is another kind).</summary>
    Task<CentreIdentity?> FindCentreAsync(Guid centreId, CancellationToken cancellationToken);
}

public sealed record CentreIdentity(Guid Id, string Name, Guid MunicipalityId, string MunicipalityName, int Population);
