namespace Platform.Premises.Domain;

/// <summary>What is attached to a community centre beyond its own premises (R17–R19).</summary>
internal enum OutpostKind { Annex, MobileUnit }

/// <summary>R17: why a centre is extended with an annex — a pocket of poverty, Roma, migrants.</summary>
internal enum AnnexReason { PovertyPocket, Roma, Migrants }

/// <summary>
/// An annex (R17; a former Roma support centre stays on as one, R19) or a mobile unit (R18), attached to its reference
/// community centre (R19). Both serve named municipalities and settlements; a mobile unit also has a visiting schedule.
/// </summary>
internal sealed class Outpost
{
    public Guid Id { get; init; }
    public Guid CentreId { get; init; }
    public OutpostKind Kind { get; init; }
    public required string Name { get; set; }

    /// <summary>The same annex or unit in the bodies registry (R25), when it is listed there.</summary>
    public Guid? BodyId { get; set; }

    /// <summary>R19: an existing Roma and vulnerable-groups support centre that became this annex.</summary>
    public bool FormerRomaSupportCentre { get; set; }

    /// <summary>R17: an annex's reasons; empty for a mobile unit.</summary>
    public AnnexReason[] Reasons { get; set; } = [];

    /// <summary>R18: why the served municipalities have no easy access to a centre (distance, roads, transport).</summary>
    public string? NoEasyAccess { get; set; }

    /// <summary>Where an annex works; a mobile unit has no address of its own.</summary>
    public Guid? MunicipalityId { get; set; }
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }

    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; private set; }

    public List<ServedArea> Areas { get; } = [];
    public List<Visit> Visits { get; } = [];

    public bool ActiveOn(DateOnly day) => StartDate <= day && (EndDate is null || EndDate >= day);

    /// <summary>How many days of [<paramref name="from"/>, <paramref name="to"/>] it worked.</summary>
    public int DaysActive(DateOnly from, DateOnly to)
    {
        var first = StartDate > from ? StartDate : from;
        var last = EndDate is { } end && end < to ? end : to;
        return last < first ? 0 : last.DayNumber - first.DayNumber + 1;
    }
}

/// <summary>A municipality an outpost serves, optionally narrowed to one settlement (οικισμός) or neighbourhood.</summary>
internal sealed class ServedArea
{
    public Guid Id { get; init; }
    public Guid OutpostId { get; init; }
    public Guid MunicipalityId { get; init; }
    public string? Settlement { get; init; }
}

/// <summary>
/// A mobile unit's visit: every <see cref="Weekday"/> (a standing visit) or on one date (<see cref="On"/>), from
/// <see cref="From"/> to <see cref="To"/>, in a settlement it serves.
/// </summary>
internal sealed class Visit
{
    public Guid Id { get; init; }
    public Guid OutpostId { get; init; }
    public Guid MunicipalityId { get; init; }
    public string? Settlement { get; init; }
    public DayOfWeek? Weekday { get; init; }
    public DateOnly? On { get; init; }
    public TimeOnly From { get; init; }
    public TimeOnly To { get; init; }
}
