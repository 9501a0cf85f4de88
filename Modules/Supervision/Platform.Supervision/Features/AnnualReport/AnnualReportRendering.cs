using System.Globalization;
using System.Net;
using System.Text;
using Platform.BuildingBlocks.Localization;
using Platform.Supervision.Contracts;

namespace Platform.Supervision.Features.AnnualReport;

internal sealed record AnnualReportView(
    Guid CentreId, string CentreName, string MunicipalityName, int Year, DateOnly From, DateOnly To, bool Partial,
    DateTimeOffset GeneratedAt, IReadOnlyList<ReportSectionView> Sections);

internal sealed record ReportSectionView(string Key, string Title, bool Available, IReadOnlyList<ReportFigureView> Figures, IReadOnlyList<string> Notes);

internal sealed record ReportFigureView(string Key, string Label, long Value, string? Group);

/// <summary>The report in one language: as JSON, as CSV for Excel, as a printable page.</summary>
internal static class AnnualReportRendering
{
    private static readonly CultureInfo Greek = CultureInfo.GetCultureInfo("el-GR");

    public static bool IsEnglish(CultureInfo culture) => string.Equals(culture.TwoLetterISOLanguageName, "en", StringComparison.OrdinalIgnoreCase);

    private static string Pick(CultureInfo culture, string greek, string english) => IsEnglish(culture) ? english : greek;

    public static AnnualReportView View(AnnualReportData r, CultureInfo culture) => new(
        r.CentreId, r.CentreName, r.MunicipalityName, r.Year, r.From, r.To, r.Partial, r.GeneratedAt,
        [.. r.Sections.Select(p => new ReportSectionView(p.Section.Key, Pick(culture, p.Section.TitleGreek, p.Section.TitleEnglish), p.Available,
            [.. p.Section.Figures.Select(f => new ReportFigureView(f.Key, Pick(culture, f.Greek, f.English), f.Value,
                f.GroupGreek is null ? null : Pick(culture, f.GroupGreek, f.GroupEnglish ?? f.GroupGreek)))],
            [.. p.Section.Notes.Select(n => Pick(culture, n.Greek, n.English))]))]);

    /// <summary>
    /// UTF-8 with a byte-order mark (without it Excel reads Greek as Windows-1252) and semicolons (Greek Excel's list
    /// separator; a comma would put every row in one cell). One row per figure; a section not available yet is one row
    /// with its note and no value.
    /// </summary>
    public static byte[] Csv(AnnualReportData r, CultureInfo culture)
    {
        var view = View(r, culture);
        var csv = new StringBuilder();
        void Row(params string?[] cells) => csv.Append(string.Join(';', cells.Select(Quote))).Append("\r\n");
        Row(Pick(culture, "Ενότητα", "Section"), Pick(culture, "Ομάδα", "Group"), Pick(culture, "Κωδικός", "Key"), Pick(culture, "Δείκτης", "Figure"), Pick(culture, "Τιμή", "Value"));
        foreach (var section in view.Sections)
        {
            if (!section.Available)
            {
                Row(section.Title, null, section.Key, string.Join(' ', section.Notes), null);
                continue;
            }

            foreach (var f in section.Figures)
            {
                Row(section.Title, f.Group, $"{section.Key}/{f.Key}", f.Label, f.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Quote(string? cell)
    {
        cell ??= "";
        // A leading =, +, - or @ would make Excel read the cell as a formula (CSV injection).
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    /// <summary>A self-contained page (no script needed to read it) with print styles: A4, no links, sections kept whole.</summary>
    public static string Html(AnnualReportData r, CultureInfo culture)
    {
        var en = IsEnglish(culture);
        var numbers = en ? CultureInfo.InvariantCulture : Greek;
        string T(string greek, string english) => WebUtility.HtmlEncode(en ? english : greek);
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        string D(DateOnly d) => d.ToString(en ? "yyyy-MM-dd" : "dd/MM/yyyy", CultureInfo.InvariantCulture);
        var view = View(r, culture);
        var title = en ? $"Annual operation report {r.Year}" : $"Ετήσιος Απολογισμός Λειτουργίας {r.Year}";

        var h = new StringBuilder();
        h.Append("<!doctype html>\n<html lang=\"").Append(en ? "en" : "el").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>").Append(E(title)).Append(" — ").Append(E(r.CentreName)).Append("</title>\n<style>\n")
         .Append("body{font-family:\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;margin:2rem auto;max-width:60rem;color:#111;line-height:1.4}\n")
         .Append("h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #333}\n")
         .Append("table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}\n")
         .Append("td.value{text-align:right;font-variant-numeric:tabular-nums;width:8rem}tr.group th{background:#eee}\n")
         .Append(".meta{color:#333;margin:.2rem 0}.na{font-style:italic;color:#555}.notes{font-size:.9rem;color:#333}\n")
         .Append("@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}.no-print{display:none}section{break-inside:avoid}a{color:inherit;text-decoration:none}}\n")
         .Append("</style>\n</head>\n<body>\n<header>\n<h1>").Append(E(title)).Append("</h1>\n")
         .Append("<p class=\"meta\"><strong>").Append(E(r.CentreName)).Append("</strong> — ").Append(E(r.MunicipalityName)).Append("</p>\n")
         .Append("<p class=\"meta\">").Append(T("Περίοδος", "Period")).Append(": ").Append(D(r.From)).Append(" – ").Append(D(r.To));
        if (r.Partial)
        {
            h.Append(" <em>(").Append(T("το έτος δεν έχει ολοκληρωθεί", "the year is not over")).Append(")</em>");
        }

        h.Append("</p>\n<p class=\"meta\">").Append(T("Συντάχθηκε από τα στοιχεία του συστήματος στις", "Generated from the system's data on")).Append(' ')
         .Append(E(TimeZoneInfo.ConvertTime(r.GeneratedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Athens")).ToString(en ? "yyyy-MM-dd HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)))
         .Append("</p>\n<p class=\"no-print\"><a href=\"?lang=").Append(en ? "el" : "en").Append("\">").Append(en ? "Ελληνικά" : "English").Append("</a> · ")
         .Append("<a href=\"export.csv?lang=").Append(en ? "en" : "el").Append("\">CSV</a> · <a href=\"javascript:window.print()\">").Append(T("Εκτύπωση", "Print")).Append("</a></p>\n</header>\n");

        var n = 0;
        foreach (var section in view.Sections)
        {
            h.Append("<section id=\"").Append(E(section.Key)).Append("\">\n<h2>").Append(++n).Append(". ").Append(E(section.Title)).Append("</h2>\n");
            if (!section.Available)
            {
                h.Append("<p class=\"na\">").Append(E(string.Join(' ', section.Notes))).Append("</p>\n</section>\n");
                continue;
            }

            h.Append("<table>\n<thead><tr><th>").Append(T("Δείκτης", "Figure")).Append("</th><th>").Append(T("Τιμή", "Value")).Append("</th></tr></thead>\n<tbody>\n");
            string? group = null;
            foreach (var f in section.Figures)
            {
                if (f.Group is not null && f.Group != group)
                {
                    h.Append("<tr class=\"group\"><th colspan=\"2\">").Append(E(f.Group)).Append("</th></tr>\n");
                }

                group = f.Group;
                h.Append("<tr data-key=\"").Append(E(f.Key)).Append("\"><td>").Append(E(f.Label)).Append("</td><td class=\"value\">")
                 .Append(f.Value.ToString("N0", numbers)).Append("</td></tr>\n");
            }

            h.Append("</tbody>\n</table>\n");
            if (section.Notes.Count > 0)
            {
                h.Append("<ul class=\"notes\">\n");
                foreach (var note in section.Notes)
                {
                    h.Append("<li>").Append(E(note)).Append("</li>\n");
                }

                h.Append("</ul>\n");
            }

            h.Append("</section>\n");
        }

        return h.Append("</body>\n</html>\n").ToString();
    }

    public static Bilingual FileName(int year) => new($"apologismos-{year}", $"annual-report-{year}");
}
