namespace Platform.Registries.Contracts;

/// <summary>
/// What the Referrals module may ask the Registries (R10, R25): whether a person's file exists and at which
/// centre, whether they consented to their file being shared with a referral's target, and what a target
/// (a programme, or a body of any kind, with its capacity) is. Resolved from DI (scoped).
/// </summary>
public interface IReferralTargetDirectory
{
    Task<ReferralSubject?> FindBeneficiaryAsync(Guid beneficiaryId, CancellationToken cancellationToken);

    /// <summary>An active consent to share with referral targets: one for this body, or one for any target.</summary>
    Task<bool> HasSharingConsentAsync(Guid beneficiaryId, Guid? targetBodyId, CancellationToken cancellationToken);

    Task<ReferralTarget?> FindProgrammeAsync(Guid programmeId, CancellationToken cancellationToken);

    Task<ReferralTarget?> FindBodyAsync(Guid bodyId, CancellationToken cancellationToken);

    /// <summary>The Social Solidarity Income (ΚΕΑ) programme, which assisted applications default to.</summary>
    Task<ReferralTarget?> FindSocialSolidarityIncomeAsync(CancellationToken cancellationToken);
}

public sealed record ReferralSubject(Guid Id, Guid? CentreId, Guid? MunicipalityId);

/// <summary>
/// A referral's target. <see cref="Kind"/> is "Programme" or the body's kind (NightShelter, SocialGrocery, …);
/// <see cref="Capacity"/> is set for structures that hold places (beds, places, meals, households).
/// </summary>
public sealed record ReferralTarget(
    Guid Id, string Kind, string Name, Guid? BodyId, int? Capacity, string? CapacityUnit, bool IsOpen, bool IsSocialSolidarityIncome);
