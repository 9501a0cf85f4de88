using System.Globalization;
using System.Text;

namespace Platform.Bench.Reporting;

/// <summary>One figure of the summary: a measurement as a ratio to a baseline of the same run, with its target.</summary>
internal sealed record RatioRow(string Figure, string Baseline, string Measured, double Ratio, string Target, bool? Met)
{
    public static RatioRow AtMost(string figure, string baseline, string measured, double ratio, double target) =>
        new(figure, baseline, measured, ratio, "≤ " + target.ToString("0.##", CultureInfo.InvariantCulture), double.IsFinite(ratio) ? ratio <= target : null);

    public static RatioRow AtLeast(string figure, string baseline, string measured, double ratio, double target) =>
        new(figure, baseline, measured, ratio, "≥ " + target.ToString("0.##", CultureInfo.InvariantCulture), double.IsFinite(ratio) ? ratio >= target : null);
}

/// <summary>The bench's report, printed to the console and written as Markdown to bench/results.</summary>
internal sealed class Report
{
    private readonly List<(string Name, string Value)> _facts = [];
    private readonly List<RatioRow> _ratios = [];
    private readonly List<(string Title, StringBuilder Body)> _sections = [];
    private readonly List<string> _problems = [];

    public string Title { get; set; } = "Platform bench — Registries / beneficiaries";

    public void Fact(string name, string value) => _facts.Add((name, value));

    public void Ratio(RatioRow row) => _ratios.Add(row);

    public IReadOnlyList<RatioRow> Ratios => _ratios;

    /// <summary>Something that makes a figure doubtful (errors, a bound hit before the sample was complete).</summary>
    public void Problem(string text) => _problems.Add(text);

    public StringBuilder Section(string title)
    {
        var existing = _sections.FirstOrDefault(s => s.Title == title);
        if (existing.Body is not null)
        {
            return existing.Body;
        }

        var body = new StringBuilder();
        _sections.Add((title, body));
        return body;
    }

    public string Render()
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Title).AppendLine();
        foreach (var (name, value) in _facts)
        {
            md.Append("- **").Append(name).Append(":** ").AppendLine(value);
        }

        md.AppendLine().AppendLine("## Summary (ratios to baselines measured in this run, same database)").AppendLine();
        md.AppendLine("| Figure | Baseline | Measured | Ratio | Target | Result |");
        md.AppendLine("|---|---|---|---:|---|---|");
        foreach (var r in _ratios)
        {
            md.Append("| ").Append(r.Figure)
                .Append(" | ").Append(r.Baseline)
                .Append(" | ").Append(r.Measured)
                .Append(" | ").Append(double.IsFinite(r.Ratio) ? r.Ratio.ToString("0.00", CultureInfo.InvariantCulture) : "n/a")
                .Append(" | ").Append(r.Target)
                .Append(" | ").Append(r.Met switch { true => "✅ met", false => "❌ missed", null => "— not measured" })
                .AppendLine(" |");
        }

        if (_ratios.Count == 0)
        {
            md.AppendLine("| (no figure measured) | | | | | |");
        }

        if (_problems.Count > 0)
        {
            md.AppendLine().AppendLine("**Caveats of this run:**").AppendLine();
            foreach (var p in _problems)
            {
                md.Append("- ").AppendLine(p);
            }
        }

        foreach (var (title, body) in _sections)
        {
            md.AppendLine().Append("## ").AppendLine(title).AppendLine().Append(body);
            if (body.Length > 0 && body[^1] != '\n')
            {
                md.AppendLine();
            }
        }

        return md.ToString();
    }
}

/// <summary>Number formatting for the report (invariant culture, milliseconds with three decimals).</summary>
internal static class Fmt
{
    public static string Ms(double ms) => double.IsFinite(ms) ? ms.ToString(ms < 100 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public static string N(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Pct(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
