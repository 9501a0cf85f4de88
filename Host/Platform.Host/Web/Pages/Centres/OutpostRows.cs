using Platform.Premises.Features.AnnexesAndMobileUnits;

namespace Platform.Host.Web.Pages.Centres;

// Public only because component parameters must be: the rows and options are passed between the forms' components.

/// <summary>A municipality as a select lists it.</summary>
public sealed record MunicipalityOption(Guid Id, string Name);

/// <summary>
/// The editable rows of the annex and mobile-unit forms. The selects bind strings (an empty option means "not chosen");
/// the validator, not the form, says what is missing, so the message is the same as the API's.
/// </summary>
public sealed class AreaRow
{
    public string Municipality { get; set; } = "";
    public string? Settlement { get; set; }

    internal static ServedAreaInput[] Inputs(IEnumerable<AreaRow> rows) =>
        [.. rows.Select(r => new ServedAreaInput(OutpostRowParsing.Id(r.Municipality), r.Settlement))];
}

public sealed class VisitRow
{
    public string Municipality { get; set; } = "";
    public string? Settlement { get; set; }

    /// <summary>A weekday for a standing visit, or empty for one on <see cref="On"/>.</summary>
    public string Weekday { get; set; } = "";
    public DateOnly? On { get; set; }
    public TimeOnly? From { get; set; }
    public TimeOnly? To { get; set; }

    internal static VisitInput[] Inputs(IEnumerable<VisitRow> rows) =>
        [.. rows.Select(r => new VisitInput(OutpostRowParsing.Id(r.Municipality), r.Settlement,
            Enum.TryParse<DayOfWeek>(r.Weekday, out var d) ? d : null, r.On, r.From, r.To))];
}

/// <summary>The annex a change form starts from: a public wrapper for the parameter, the annex itself stays internal.</summary>
public sealed class AnnexToChange
{
    internal AnnexToChange(AnnexView annex) => Annex = annex;

    internal AnnexView Annex { get; }
}

/// <summary>The mobile unit a change form starts from: a public wrapper for the parameter, the unit itself stays internal.</summary>
public sealed class MobileUnitToChange
{
    internal MobileUnitToChange(MobileUnitView unit) => Unit = unit;

    internal MobileUnitView Unit { get; }
}

internal static class OutpostRowParsing
{
    public static Guid? Id(string value) => Guid.TryParse(value, out var id) ? id : null;
}
