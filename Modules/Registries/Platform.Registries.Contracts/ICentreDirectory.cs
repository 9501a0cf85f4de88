namespace Platform.Registries.Contracts;

/// <summary>
/// What other modules may ask the Registries about a community centre: its identity and the municipality
/// whose population sets its team size (R12). Resolved from DI (scoped).
/// </summary>
public interface ICentreDirectory
{
    /// <summary>The community centre with this body id, or null when there is none (or the body is another kind).</summary>
    Task<CentreIdentity?> FindCentreAsync(Guid centreId, CancellationToken cancellationToken);

    /// <summary>
    /// Any body of the registry with its kind and, for an annex or a mobile unit, the centre it is attached to (R19);
    /// null when there is no such body.
    /// </summary>
    Task<RegistryBody?> FindBodyAsync(Guid bodyId, CancellationToken cancellationToken);
}

public sealed record CentreIdentity(Guid Id, string Name, Guid MunicipalityId, string MunicipalityName, int Population);

/// <summary>A body as other modules see it. <see cref="Kind"/> is the registry's kind name ("CommunityCentre", "Annex", "MobileUnit", …).</summary>
public sealed record RegistryBody(Guid Id, string Name, string Kind, Guid MunicipalityId, Guid? ReferenceCentreId)
{
    public const string AnnexKind = "Annex";
    public const string MobileUnitKind = "MobileUnit";
}
