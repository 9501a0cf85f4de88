namespace Platform.Registries.Contracts;

/// <summary>The timeline entry kinds the Registries module writes.</summary>
public static class TimelineKinds
{
    public const string Registered = "registered";
    public const string RegisteredDespiteDuplicates = "registered-despite-possible-duplicates";
    public const string ProfileUpdated = "profile-updated";
    public const string HouseholdMemberLinked = "household-member-linked";
    public const string HouseholdMemberUnlinked = "household-member-unlinked";
    public const string ConsentRecorded = "consent-recorded";
    public const string ConsentWithdrawn = "consent-withdrawn";
}
