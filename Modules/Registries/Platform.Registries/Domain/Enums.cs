namespace Platform.Registries.Domain;

// Stored as text (stable names), sent as camelCase strings. Greek labels live in the UI.

public enum Sex { Female, Male, Other }

/// <summary>Documents that identify a person who has no AMKA.</summary>
public enum IdentityDocumentKind { IdentityCard, Passport, ResidencePermit, AsylumSeekerCard, Other }

/// <summary>R8: the vulnerable groups the programme names first, and others the centres record.</summary>
public enum VulnerableGroup
{
    Poverty,
    LongTermUnemployed,
    Homeless,
    MigrantOrRefugee,
    Roma,
    PersonWithDisability,
    ElderlyLivingAlone,
    SingleParentFamily,
    LargeFamily,
    SubstanceDependence,
    DomesticViolenceVictim,
    FormerPrisoner,
    UnaccompaniedMinor,
    ChronicIllness,
}

public enum HouseholdRelation { Spouse, Partner, Child, Parent, Sibling, Grandparent, Grandchild, OtherRelative, NotRelated }

/// <summary>What a consent is for (GDPR art. 6/9): each is recorded and withdrawn on its own.</summary>
public enum ConsentPurpose
{
    /// <summary>Keeping the file at all, including special-category data.</summary>
    ProcessingOfPersonalData,
    /// <summary>Sharing the file with the body a referral goes to (needed before a referral is submitted).</summary>
    SharingWithReferralTargets,
    ContactByPhone,
    ContactByEmail,
    ApplicationsOnTheirBehalf,
}

/// <summary>Every kind of organisation or structure a centre works with (R1–R5, R10, R17–R18).</summary>
public enum BodyKind
{
    CommunityCentre,
    Annex,
    MobileUnit,
    SocialGrocery,
    SoupKitchen,
    SocialPharmacy,
    HomelessDayCentre,
    NightShelter,
    DisabilityDayCareCentre,
    ElderlyDayCareCentre,
    MunicipalSocialService,
    EmploymentService,
    AddictionService,
    NonGovernmentalOrganisation,
    OtherPublicService,
}

public enum LegalForm { Municipality, MunicipalLegalEntity, NonGovernmentalOrganisation, SocialCooperative, LicensedNonProfit, PublicBody }

public enum CapacityUnit { Beds, Places, MealsPerDay, Households }

public enum ProgrammeLevel { Local, Regional, National }
