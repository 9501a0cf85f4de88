using System.Globalization;
using Platform.BuildingBlocks.Localization;

namespace Platform.Staffing.Domain;

internal enum FindingSeverity { Breach, Upcoming }

/// <summary>A staffing rule a centre breaks now, or will break on <see cref="From"/> (a contract ending).</summary>
internal sealed record StaffingFinding(string Rule, FindingSeverity Severity, DateOnly From, Bilingual Message);

/// <summary>The programme's staffing rules (R12, R13) over a centre's team.</summary>
internal static class StaffingRules
{
    /// <summary>How far ahead a breach to come (a contract ending) is announced.</summary>
    public const int NoticeDays = 60;

    private static readonly CultureInfo Greek = CultureInfo.GetCultureInfo("el-GR");

    /// <summary>
    /// R12: under 40,000 inhabitants → 2 people; 40,000 to 100,000 → 3; over 100,000 → 4. A Roma centre
    /// may have more at the municipality's discretion: that is allowed, never required, so it changes no minimum.
    /// </summary>
    public static int RequiredTeamSize(int population) => population switch
    {
        < 40_000 => 2,
        <= 100_000 => 3,
        _ => 4,
    };

    public static IReadOnlyList<StaffingFinding> Evaluate(int population, IReadOnlyCollection<StaffMember> team, DateOnly today)
    {
        var findings = new List<StaffingFinding>();
        Check(population, team, today, FindingSeverity.Breach, findings);

        // Announce what the team will look like on each coming end date within the notice period.
        var ends = team.Where(m => m.EndDate is { } end && end >= today && end < today.AddDays(NoticeDays))
            .Select(m => m.EndDate!.Value.AddDays(1)).Distinct().Order();
        var reported = findings.Select(f => f.Rule).ToHashSet(StringComparer.Ordinal);
        foreach (var day in ends)
        {
            var later = new List<StaffingFinding>();
            Check(population, team, day, FindingSeverity.Upcoming, later);
            findings.AddRange(later.Where(f => reported.Add(f.Rule)));
        }

        return findings;
    }

    /// <summary>Which rules the team breaks on <paramref name="day"/>: too few people (R12), no social worker at its head (R13).</summary>
    public static (bool R12, bool R13) BreachesOn(int population, IEnumerable<StaffMember> team, DateOnly day)
    {
        var serving = team.Where(m => m.ServesOn(day)).ToList();
        return (serving.Count < RequiredTeamSize(population), !serving.Any(m => m.IsHead && m.Specialty == Specialty.SocialWorker));
    }

    private static void Check(int population, IReadOnlyCollection<StaffMember> team, DateOnly day, FindingSeverity severity, List<StaffingFinding> findings)
    {
        var serving = team.Where(m => m.ServesOn(day)).ToList();
        var required = RequiredTeamSize(population);
        if (serving.Count < required)
        {
            findings.Add(new StaffingFinding("R12", severity, day, new Bilingual(
                string.Create(Greek, $"Η ομάδα έχει {serving.Count} άτομα· για πληθυσμό {population:N0} απαιτούνται τουλάχιστον {required}."),
                string.Create(CultureInfo.InvariantCulture, $"The team has {serving.Count}; a population of {population:N0} requires at least {required}."))));
        }

        if (!serving.Any(m => m.Specialty == Specialty.SocialWorker))
        {
            findings.Add(new StaffingFinding("R13", severity, day, new Bilingual(
                "Δεν υπάρχει Κοινωνικός Λειτουργός στην ομάδα.", "There is no social worker on the team.")));
        }
        else if (!serving.Any(m => m.IsHead && m.Specialty == Specialty.SocialWorker))
        {
            findings.Add(new StaffingFinding("R13", severity, day, new Bilingual(
                "Υπεύθυνος του Κέντρου πρέπει να είναι Κοινωνικός Λειτουργός.", "The head of the centre must be a social worker.")));
        }
    }
}
