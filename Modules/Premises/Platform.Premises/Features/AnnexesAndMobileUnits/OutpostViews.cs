using Platform.Premises.Domain;

namespace Platform.Premises.Features.AnnexesAndMobileUnits;

internal sealed record ServedAreaView(Guid MunicipalityId, string MunicipalityName, string? Settlement);

internal sealed record VisitView(Guid MunicipalityId, string MunicipalityName, string? Settlement, DayOfWeek? Weekday, DateOnly? On, TimeOnly From, TimeOnly To);

internal sealed record AnnexView(
    Guid Id, Guid CentreId, uint Version, string Name, Guid? BodyId, bool FormerRomaSupportCentre, IReadOnlyList<AnnexReason> Reasons,
    Guid? MunicipalityId, string? MunicipalityName, string? Street, string? PostalCode, string? City,
    IReadOnlyList<ServedAreaView> Areas, DateOnly StartDate, DateOnly? EndDate, bool Active);

internal sealed record MobileUnitView(
    Guid Id, Guid CentreId, uint Version, string Name, Guid? BodyId, string? NoEasyAccess,
    IReadOnlyList<ServedAreaView> Areas, IReadOnlyList<VisitView> Schedule, DateOnly StartDate, DateOnly? EndDate, bool Active);

internal sealed record CentreOutpostsView(IReadOnlyList<AnnexView> Annexes, IReadOnlyList<MobileUnitView> MobileUnits);

internal static class OutpostViews
{
    public static AnnexView Annex(Outpost o, IReadOnlyDictionary<Guid, string> names, DateOnly today) => new(
        o.Id, o.CentreId, o.Version, o.Name, o.BodyId, o.FormerRomaSupportCentre, o.Reasons,
        o.MunicipalityId, o.MunicipalityId is { } m ? Name(names, m) : null, o.Street, o.PostalCode, o.City,
        Areas(o, names), o.StartDate, o.EndDate, o.ActiveOn(today));

    public static MobileUnitView MobileUnit(Outpost o, IReadOnlyDictionary<Guid, string> names, DateOnly today) => new(
        o.Id, o.CentreId, o.Version, o.Name, o.BodyId, o.NoEasyAccess, Areas(o, names),
        [.. o.Visits
            .OrderBy(v => v.On is null ? 0 : 1).ThenBy(v => v.Weekday is { } d ? ((int)d + 6) % 7 : 7) // the Greek week starts on Monday
            .ThenBy(v => v.On).ThenBy(v => v.From)
            .Select(v => new VisitView(v.MunicipalityId, Name(names, v.MunicipalityId), v.Settlement, v.Weekday, v.On, v.From, v.To))],
        o.StartDate, o.EndDate, o.ActiveOn(today));

    private static ServedAreaView[] Areas(Outpost o, IReadOnlyDictionary<Guid, string> names) =>
        [.. o.Areas.Select(a => new ServedAreaView(a.MunicipalityId, Name(names, a.MunicipalityId), a.Settlement))
            .OrderBy(a => a.MunicipalityName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("el-GR"), false))
            .ThenBy(a => a.Settlement, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("el-GR"), false))];

    private static string Name(IReadOnlyDictionary<Guid, string> names, Guid id) => names.TryGetValue(id, out var n) ? n : "";
}
