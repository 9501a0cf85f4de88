namespace Platform.Registries.Domain;

/// <summary>A municipality (Δήμος): its population sets a centre's team size (R12); its social service decides who supervises (R20–R22).</summary>
internal sealed class Municipality
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    public int Population { get; set; }
    public required string RegionalUnit { get; set; }
    public bool IsRegionalUnitSeat { get; set; }
    public bool HasSocialService { get; set; }
}

internal sealed class Body
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    public BodyKind Kind { get; set; }
    public LegalForm LegalForm { get; set; }
    public Guid MunicipalityId { get; set; }
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string[] Services { get; set; } = [];
    public int? Capacity { get; set; }
    public CapacityUnit? CapacityUnit { get; set; }
    public string? OpeningHours { get; set; }
    public bool Accessible { get; set; }
    public string? AccessibilityNotes { get; set; }
    public string? AgreementNumber { get; set; }
    public DateOnly? AgreementSignedOn { get; set; }
    public DateOnly? AgreementValidUntil { get; set; }
    /// <summary>For an annex or a mobile unit: its reference community centre (R19).</summary>
    public Guid? ReferenceCentreId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; private set; }
}

internal sealed class Programme
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    public ProgrammeLevel Level { get; set; }
    public Guid? OperatingBodyId { get; set; }
    public string? Eligibility { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public string[] RequiredDocuments { get; set; } = [];
    public bool IsOpen { get; set; }
    /// <summary>The Social Solidarity Income (ΚΕΑ), which R10 puts first; at most one programme is it.</summary>
    public bool IsSocialSolidarityIncome { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; private set; }
}
