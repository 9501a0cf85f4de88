using Platform.BuildingBlocks.Localization;

namespace Platform.Premises.Domain;

/// <summary>R15: who owns the building; a vacant municipal building is the preferred choice.</summary>
internal enum Ownership { MunicipalVacant, Municipal, Rented, ProvidedFree, Other }

/// <summary>R16: the spaces a centre has.</summary>
internal enum SpaceKind { Reception, Waiting, Processing, PublicToilet, StaffToilet, EventsSpace, Office, Other }

/// <summary>A building where a centre works, with its spaces.</summary>
internal sealed class Site
{
    public Guid Id { get; init; }
    public Guid CentreId { get; init; }
    public required string Street { get; set; }
    public string? PostalCode { get; set; }
    public required string City { get; set; }
    public Ownership Ownership { get; set; }
    /// <summary>R15: a distinct space, not shared with another service.</summary>
    public bool Distinct { get; set; }
    public bool NearSocialService { get; set; }
    public bool NearOtherStructures { get; set; }
    public List<Space> Spaces { get; } = [];
}

internal sealed class Space
{
    public Guid Id { get; init; }
    public Guid SiteId { get; init; }
    public SpaceKind Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>R16: accessible to persons with disabilities — mandatory for every space.</summary>
    public bool Accessible { get; set; }
    public string? AccessibilityNotes { get; set; }
}

internal enum PremisesSeverity { Breach, Advice }

internal sealed record PremisesFinding(string Rule, PremisesSeverity Severity, Guid? SpaceId, Bilingual Message);

/// <summary>The programme's premises rules (R15, R16) over a centre's sites.</summary>
internal static class PremisesRules
{
    private static readonly (SpaceKind Kind, Bilingual Name)[] Mandatory =
    [
        (SpaceKind.Reception, new("υποδοχής", "reception")),
        (SpaceKind.Waiting, new("αναμονής", "waiting")),
        (SpaceKind.Processing, new("διεκπεραίωσης", "processing")),
        (SpaceKind.PublicToilet, new("WC κοινού", "public toilets")),
        (SpaceKind.StaffToilet, new("WC προσωπικού", "staff toilets")),
    ];

    public static IEnumerable<SpaceKind> MandatoryKinds => Mandatory.Select(m => m.Kind);

    public static IReadOnlyList<PremisesFinding> Evaluate(IReadOnlyCollection<Site> sites)
    {
        var findings = new List<PremisesFinding>();
        if (sites.Count == 0)
        {
            findings.Add(new("R15", PremisesSeverity.Breach, null, new("Δεν έχει δηλωθεί χώρος λειτουργίας.", "No premises are recorded.")));
            return findings;
        }

        var spaces = sites.SelectMany(s => s.Spaces).ToList();
        foreach (var (kind, name) in Mandatory.Where(m => spaces.All(s => s.Kind != m.Kind)))
        {
            findings.Add(new("R16", PremisesSeverity.Breach, null,
                new($"Λείπει χώρος {name.Greek}.", $"There is no {name.English} space.")));
        }

        if (spaces.All(s => s.Kind != SpaceKind.EventsSpace))
        {
            findings.Add(new("R16", PremisesSeverity.Advice, null,
                new("Χώρος εκδηλώσεων, όπου είναι εφικτό.", "An events space, where possible.")));
        }

        foreach (var space in spaces.Where(s => !s.Accessible))
        {
            findings.Add(new("R16", PremisesSeverity.Breach, space.Id,
                new($"Ο χώρος «{space.Name}» δεν είναι προσβάσιμος σε άτομα με αναπηρία (υποχρεωτικό).",
                    $"The space “{space.Name}” is not accessible to persons with disabilities (mandatory).")));
        }

        foreach (var site in sites)
        {
            if (!site.Distinct)
            {
                findings.Add(new("R15", PremisesSeverity.Breach, null,
                    new($"Ο χώρος στην {site.Street} δεν είναι διακριτός.", $"The premises at {site.Street} are not a distinct space.")));
            }

            if (!site.NearSocialService)
            {
                findings.Add(new("R15", PremisesSeverity.Advice, null,
                    new("Προτιμάται χώρος εντός ή κοντά στην Κοινωνική Υπηρεσία.", "Premises in or near the social service are preferred.")));
            }

            if (site.Ownership is not (Ownership.MunicipalVacant or Ownership.Municipal))
            {
                findings.Add(new("R15", PremisesSeverity.Advice, null,
                    new("Προτιμάται κενό δημοτικό ακίνητο.", "A vacant municipal building is preferred.")));
            }
        }

        return findings;
    }
}
