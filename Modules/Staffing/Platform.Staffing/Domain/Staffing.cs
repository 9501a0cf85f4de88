namespace Platform.Staffing.Domain;

/// <summary>R13–R14: the specialties a centre's team may have; a social worker is mandatory and heads the centre.</summary>
internal enum Specialty
{
    SocialWorker,
    Psychologist,
    SocialScientist,
    HealthVisitorOrNurse,
    EconomistOrBusiness,
    LearningSupport,
    RomaOrVulnerableGroupsMediator,
    Other,
}

/// <summary>
/// A position filled at a centre. No name: the rules need the specialty, the head flag and the dates;
/// <see cref="Reference"/> is the municipality's own handle (a contract or position number).
/// </summary>
internal sealed class StaffMember
{
    public Guid Id { get; init; }
    public Guid CentreId { get; init; }
    public required string Reference { get; set; }
    public Specialty Specialty { get; set; }
    public bool IsHead { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public uint Version { get; private set; }

    public bool ServesOn(DateOnly day) => StartDate <= day && (EndDate is null || EndDate >= day);
}
