using Platform.BuildingBlocks.Localization;

namespace Platform.Supervision.Domain;

internal enum DeadlineKind { InitialRegulation, RegulationAmendment, AnnualReport }

/// <summary>
/// Something a centre must file with the directorate (R23) by <see cref="DueOn"/>; its reminder fires on
/// <see cref="RemindOn"/>; <see cref="MetOn"/> is the day it was filed, if it was.
/// </summary>
internal sealed record Deadline(string Key, DeadlineKind Kind, int? Year, int? RegulationNumber, DateOnly DueOn, DateOnly RemindOn, DateOnly? MetOn)
{
    public bool Open => MetOn is null;

    public Bilingual Title => Kind switch
    {
        DeadlineKind.InitialRegulation => new("Υποβολή Κανονισμού Λειτουργίας (έναρξη λειτουργίας)", "Filing of the operating regulation (start of operation)"),
        DeadlineKind.RegulationAmendment => new($"Υποβολή τροποποίησης Κανονισμού Λειτουργίας (έκδοση {RegulationNumber})", $"Filing of the operating regulation's amendment (version {RegulationNumber})"),
        _ => new($"Υποβολή Ετήσιου Απολογισμού Λειτουργίας {Year}", $"Filing of the annual operation report {Year}"),
    };
}

/// <summary>The R23 deadlines of one centre, worked out from what is recorded; nothing here is stored.</summary>
internal static class DeadlinePlanner
{
    public static IReadOnlyList<Deadline> Plan(
        DateOnly? operationStartedOn, IReadOnlyCollection<RegulationVersion> versions, IReadOnlyDictionary<int, DateOnly> reportsFiled,
        DateOnly today, SupervisionOptions options)
    {
        var deadlines = new List<Deadline>();
        Deadline Make(string key, DeadlineKind kind, int? year, int? number, DateOnly due, DateOnly? met) =>
            new(key, kind, year, number, due, due.AddDays(-options.ReminderLeadDays), met);

        if (operationStartedOn is { } start)
        {
            var first = versions.FirstOrDefault(v => v.Number == 1);
            deadlines.Add(Make("regulation:1", DeadlineKind.InitialRegulation, null, 1, start.AddDays(options.InitialRegulationDays), first?.FiledOn));

            // Every year the centre worked has a report, the running one included (due next year).
            var (month, day) = options.AnnualReportDueDay();
            for (var year = start.Year; year <= today.Year; year++)
            {
                deadlines.Add(Make($"annual-report:{year}", DeadlineKind.AnnualReport, year, null,
                    new DateOnly(year + 1, month, Math.Min(day, DateTime.DaysInMonth(year + 1, month))),
                    reportsFiled.TryGetValue(year, out var filed) ? filed : null));
            }
        }

        foreach (var amendment in versions.Where(v => v.Number > 1))
        {
            deadlines.Add(Make($"regulation:{amendment.Number}", DeadlineKind.RegulationAmendment, null, amendment.Number,
                amendment.AdoptedOn.AddDays(options.AmendmentFilingDays), amendment.FiledOn));
        }

        return [.. deadlines.OrderBy(d => d.DueOn).ThenBy(d => d.Key, StringComparer.Ordinal)];
    }
}
