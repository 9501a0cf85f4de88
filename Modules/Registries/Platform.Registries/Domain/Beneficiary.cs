using Platform.BuildingBlocks.Text;

namespace Platform.Registries.Domain;

internal sealed class Beneficiary
{
    public Guid Id { get; init; }
    public required string Surname { get; set; }
    public required string FirstName { get; set; }
    public string? FatherName { get; set; }
    public string? MotherName { get; set; }
    public DateOnly BirthDate { get; set; }
    public Sex Sex { get; set; }
    public string? Amka { get; set; }
    public string? Afm { get; set; }
    public IdentityDocumentKind? DocumentKind { get; set; }
    public string? DocumentNumber { get; set; }
    /// <summary>Why a person has neither AMKA nor a document (for example a homeless person without papers).</summary>
    public string? NoDocumentReason { get; set; }
    public string? Nationality { get; set; }
    public string[] Languages { get; set; } = [];
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public Guid? MunicipalityId { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public VulnerableGroup[] Categories { get; set; } = [];

    /// <summary>The centre or entry point where the person was registered (R26, R28).</summary>
    public Guid? CentreId { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public required string RegisteredBy { get; init; }
    /// <summary>The client's id for the registration command: a retried registration returns the same file.</summary>
    public Guid? RegistrationCommandId { get; init; }

    // Search keys (GreekText.SearchKey): accent-, case-, final-sigma- and Greeklish-insensitive.
    public string SurnameKey { get; private set; } = "";
    public string FirstNameKey { get; private set; } = "";

    /// <summary>Computed by the database from <see cref="BirthDate"/>; the likely-duplicate check looks people up by it.</summary>
    public int BirthYear { get; private set; }

    public uint Version { get; private set; }

    public List<HouseholdLink> Household { get; } = [];
    public List<Consent> Consents { get; } = [];

    public void RefreshSearchKeys()
    {
        SurnameKey = GreekText.SearchKey(Surname);
        FirstNameKey = GreekText.SearchKey(FirstName);
    }
}

internal sealed class HouseholdLink
{
    public Guid BeneficiaryId { get; init; }
    public Guid MemberId { get; init; }
    public HouseholdRelation Relation { get; init; }
    public DateTimeOffset LinkedAt { get; init; }
    public required string LinkedBy { get; init; }

    public static HouseholdRelation Inverse(HouseholdRelation r) => r switch
    {
        HouseholdRelation.Child => HouseholdRelation.Parent,
        HouseholdRelation.Parent => HouseholdRelation.Child,
        HouseholdRelation.Grandparent => HouseholdRelation.Grandchild,
        HouseholdRelation.Grandchild => HouseholdRelation.Grandparent,
        _ => r,
    };
}

internal sealed class Consent
{
    public Guid Id { get; init; }
    public Guid BeneficiaryId { get; init; }
    public ConsentPurpose Purpose { get; init; }
    /// <summary>Optional narrowing, for example the body the sharing consent covers.</summary>
    public Guid? BodyId { get; init; }
    public DateTimeOffset GivenAt { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }

    public uint Version { get; private set; }

    public bool IsActive => WithdrawnAt is null;
}
