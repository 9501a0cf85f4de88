namespace Platform.Registries.Contracts;

/// <summary>What other modules may ask the Registries about municipalities (supervision, R20–R22). Scoped.</summary>
public interface IMunicipalityDirectory
{
    Task<MunicipalityIdentity?> FindAsync(Guid municipalityId, CancellationToken cancellationToken);

    /// <summary>The municipality that is the seat of a regional unit, or null when none is marked.</summary>
    Task<MunicipalityIdentity?> FindRegionalUnitSeatAsync(string regionalUnit, CancellationToken cancellationToken);

    /// <summary>
    /// The municipalities among <paramref name="municipalityIds"/> that the registry knows, each with how many community
    /// centres it has: a mobile unit serves municipalities without one (R18). Unknown ids are left out.
    /// </summary>
    Task<IReadOnlyList<MunicipalityCoverage>> FindCoverageAsync(IReadOnlyCollection<Guid> municipalityIds, CancellationToken cancellationToken);
}

public sealed record MunicipalityIdentity(Guid Id, string Name, int Population, string RegionalUnit, bool IsRegionalUnitSeat, bool HasSocialService);

public sealed record MunicipalityCoverage(Guid Id, string Name, int CommunityCentres);
