namespace Platform.Registries.Domain;

/// <summary>What the programme's rules say about each kind of body.</summary>
internal static class BodyRules
{
    /// <summary>The unit a kind's capacity is counted in, or null when the kind has no capacity.</summary>
    public static CapacityUnit? CapacityUnitOf(BodyKind kind) => kind switch
    {
        BodyKind.NightShelter => CapacityUnit.Beds,
        BodyKind.HomelessDayCentre or BodyKind.DisabilityDayCareCentre or BodyKind.ElderlyDayCareCentre => CapacityUnit.Places,
        BodyKind.SoupKitchen => CapacityUnit.MealsPerDay,
        BodyKind.SocialGrocery or BodyKind.SocialPharmacy => CapacityUnit.Households,
        _ => null,
    };

    /// <summary>
    /// R2, R3: basic-goods and homeless structures run by an NGO or a social cooperative do so under a
    /// cooperation agreement with the municipality; the municipality's own bodies need none.
    /// </summary>
    public static bool NeedsCooperationAgreement(BodyKind kind, LegalForm form) =>
        kind is BodyKind.SocialGrocery or BodyKind.SoupKitchen or BodyKind.SocialPharmacy
            or BodyKind.HomelessDayCentre or BodyKind.NightShelter
        && form is LegalForm.NonGovernmentalOrganisation or LegalForm.SocialCooperative or LegalForm.LicensedNonProfit;

    /// <summary>The legal forms a kind may have, or null for any (R4: ΚΔΗΦ only by licensed non-profits; R9: centres by municipalities).</summary>
    public static LegalForm[]? AllowedLegalForms(BodyKind kind) => kind switch
    {
        BodyKind.DisabilityDayCareCentre => [LegalForm.LicensedNonProfit],
        BodyKind.CommunityCentre or BodyKind.Annex or BodyKind.MobileUnit or BodyKind.MunicipalSocialService
            => [LegalForm.Municipality, LegalForm.MunicipalLegalEntity],
        _ => null,
    };
}
