namespace Platform.Registries.Domain;

// Stored as text (stable names), sent as camelCase strings. Greek labels live in the UI.

internal enum Sex { Female, Male, Other }

/// <summary>Documents that identify a person who has no AMKA.</summary>
internal enum IdentityDocumentKind { IdentityCard, Passport, ResidencePermit, AsylumSeekerCard, Other }

/// <summary>R8: the vulnerable groups the programme names first, and others the centres record.</summary>
internal enum VulnerableGroup
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

internal enum HouseholdRelation { Spouse, Partner, Child, Parent, Sibling, Grandparent, Grandchild, OtherRelative, NotRelated }

/// <summary>What a consent is for (GDPR art. 6/9): each is recorded and withdrawn on its own.</summary>
internal enum ConsentPurpose
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
internal enum BodyKind
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

internal enum LegalForm { Municipality, MunicipalLegalEntity, NonGovernmentalOrganisation, SocialCooperative, LicensedNonProfit, PublicBody }

internal enum CapacityUnit { Beds, Places, MealsPerDay, Households }

internal enum ProgrammeLevel { Local, Regional, National }
