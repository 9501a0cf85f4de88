using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Platform.Bench.Database;
using Platform.Bench.Measure;
using Platform.Bench.Reporting;
using Platform.Registries.Features.Beneficiaries;
using Platform.Registries.Persistence;

namespace Platform.Bench.Search;

/// <summary>
/// Part 2: search latency, one client, sequential. Baseline: a primary-key lookup through the same
/// RegistriesDbContext (<c>FirstOrDefaultAsync(b => b.Id == id)</c>). Measured: the real
/// <see cref="BeneficiarySearch.RunAsync"/> with an 11-digit ΑΜΚΑ and with fuzzy name queries. A fresh
/// context per call, as a request scope gets, for the baseline and the measured calls alike; the three
/// kinds are interleaved in random order so that they see the same server state.
/// </summary>
internal static class SearchBench
{
    public const double FuzzyTarget = 20;
    public const double AmkaTarget = 2;

    private sealed record Sampled(Guid Id, string Surname, string FirstName, string? Amka);

    private sealed record FuzzyResult(FuzzyQuery Query, double Ms, BeneficiarySearch.Mode Mode, long Total, bool TargetOnFirstPage);

    public static async Task RunAsync(BenchOptions o, Report report, CancellationToken ct)
    {
        // Contexts come from a pool, as the module registers them (AddDbContextPool); baseline and measured alike.
        var contexts = new PooledDbContextFactory<RegistriesDbContext>(BenchDatabase.ContextOptions(o.ConnectionString));
        var n = o.WarmUp + o.Samples;
        Log.Info($"search: sampling {2 * n:N0} stored people and {n:N0} ΑΜΚΑ at random");
        var people = await SampleAsync(o.ConnectionString, "TRUE", 2 * n, ct);
        var withAmka = await SampleAsync(o.ConnectionString, "amka IS NOT NULL", n, ct);
        var rng = new Random(Database.DataLoader.Seed + 7);
        var pkIds = Enumerable.Range(0, n).Select(i => people[i % people.Count].Id).ToArray();
        var fuzzy = Enumerable.Range(0, n).Select(i => people[(n + i) % people.Count])
            .Select(p => FuzzyQueries.Make(rng, p.Id, p.Surname, p.FirstName)).ToArray();
        var amkas = Enumerable.Range(0, n).Select(i => withAmka[i % withAmka.Count].Amka!).ToArray();

        var pk = new List<double>(o.Samples);
        var amka = new List<double>(o.Samples);
        var results = new List<FuzzyResult>(o.Samples);
        int pkMissing = 0, amkaNotExactlyOne = 0;
        var started = Stopwatch.GetTimestamp();
        Log.Info($"search: {o.WarmUp} warm-up rounds, then {o.Samples:N0} measured rounds of PK / ΑΜΚΑ / name (interleaved, single client)");
        var kinds = new[] { 0, 1, 2 };
        CpuSnapshot? cpuBefore = null;
        for (var i = 0; i < n; i++)
        {
            ct.ThrowIfCancellationRequested();
            if (Stopwatch.GetElapsedTime(started) > o.SearchTimeLimit)
            {
                report.Problem(string.Create(CultureInfo.InvariantCulture,
                    $"Search: the time bound ({o.SearchTimeLimit.TotalMinutes:0} min) ended the sample after {Math.Max(0, i - o.WarmUp):N0} of {o.Samples:N0} rounds."));
                break;
            }

            if (i > 0 && i % 500 == 0)
            {
                Log.Info($"  … {i:N0} / {n:N0} rounds");
            }

            var record = i >= o.WarmUp;
            if (i == o.WarmUp)
            {
                cpuBefore = CpuSnapshot.Take(null);
            }
            rng.Shuffle(kinds);
            foreach (var kind in kinds)
            {
                switch (kind)
                {
                    case 0:
                    {
                        var t = Stopwatch.GetTimestamp();
                        bool found;
                        await using (var db = contexts.CreateDbContext())
                        {
                            found = await db.Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Id == pkIds[i], ct) is not null;
                        }

                        var ms = LatencyStats.Milliseconds(t);
                        if (record)
                        {
                            pk.Add(ms);
                            pkMissing += found ? 0 : 1;
                        }

                        break;
                    }

                    case 1:
                    {
                        var t = Stopwatch.GetTimestamp();
                        (BuildingBlocks.Paging.Page<BeneficiaryListItem> Page, BeneficiarySearch.Mode Mode) r;
                        await using (var db = contexts.CreateDbContext())
                        {
                            r = await BeneficiarySearch.RunAsync(db, new SearchBeneficiaries(amkas[i], null, null, null), ct);
                        }

                        var ms = LatencyStats.Milliseconds(t);
                        if (record)
                        {
                            amka.Add(ms);
                            amkaNotExactlyOne += r.Page.Total == 1 && r.Mode == BeneficiarySearch.Mode.Identifier ? 0 : 1;
                        }

                        break;
                    }

                    default:
                    {
                        var q = fuzzy[i];
                        var t = Stopwatch.GetTimestamp();
                        (BuildingBlocks.Paging.Page<BeneficiaryListItem> Page, BeneficiarySearch.Mode Mode) r;
                        await using (var db = contexts.CreateDbContext())
                        {
                            r = await BeneficiarySearch.RunAsync(db, new SearchBeneficiaries(q.Text, null, null, null), ct);
                        }

                        var ms = LatencyStats.Milliseconds(t);
                        if (record)
                        {
                            results.Add(new FuzzyResult(q, ms, r.Mode, r.Page.Total, r.Page.Items.Any(x => x.Id == q.TargetId)));
                        }

                        break;
                    }
                }
            }
        }

        var cpu = cpuBefore is null ? "not measured" : CpuSnapshot.Describe(cpuBefore, CpuSnapshot.Take(null), pk.Count, "round of three queries");
        var pkStats = LatencyStats.From(pk);
        var amkaStats = LatencyStats.From(amka);
        var fuzzyStats = LatencyStats.From(results.Select(r => r.Ms));
        Log.Info($"search: PK p95 {Fmt.Ms(pkStats.P95)}, ΑΜΚΑ p95 {Fmt.Ms(amkaStats.P95)}, name p95 {Fmt.Ms(fuzzyStats.P95)}");

        report.Ratio(RatioRow.AtMost("Fuzzy name search p95 ÷ PK lookup p95",
            "PK p95 " + Fmt.Ms(pkStats.P95), "name search p95 " + Fmt.Ms(fuzzyStats.P95), fuzzyStats.P95 / pkStats.P95, FuzzyTarget));
        report.Ratio(RatioRow.AtMost("ΑΜΚΑ lookup p95 ÷ PK lookup p95",
            "PK p95 " + Fmt.Ms(pkStats.P95), "ΑΜΚΑ search p95 " + Fmt.Ms(amkaStats.P95), amkaStats.P95 / pkStats.P95, AmkaTarget));
        if (pkMissing > 0 || amkaNotExactlyOne > 0)
        {
            report.Problem($"Search: {pkMissing} PK lookups found nothing, {amkaNotExactlyOne} ΑΜΚΑ searches did not return exactly one file.");
        }

        var s = report.Section("2. Search latency (single client, sequential)");
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""
            Each round runs a PK lookup, an ΑΜΚΑ search and a name search in random order, each on a `RegistriesDbContext` from a
            `PooledDbContextFactory` with the module's options (`UseModuleNpgsql`, Npgsql connection pool), timed around getting the context,
            the call and returning it. {o.WarmUp} warm-up rounds are not counted.
            Baseline: `db.Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id)` (one round trip).
            Measured: `BeneficiarySearch.RunAsync(db, new SearchBeneficiaries(q, …))`, page 1 of 20: every path it takes issues a COUNT and a page
            query, and a name it cannot match by key goes on to its next paths (see the plans below). Ids, ΑΜΚΑ and names are random stored rows
            (`ORDER BY random()`), so common surnames are searched as often as they occur. "Similar" = the typo path.

            | Query | n | p50 | p95 | p99 | mean | max |
            |---|---:|---:|---:|---:|---:|---:|
            {Row("PK lookup (baseline)", pkStats)}
            {Row("ΑΜΚΑ (11 digits) via RunAsync", amkaStats)}
            {Row("Name (fuzzy) via RunAsync", fuzzyStats)}

            | Ratio to PK | p50 | p95 | p99 | Target (p95) |
            |---|---:|---:|---:|---|
            | Name ÷ PK | {fuzzyStats.P50 / pkStats.P50:0.0} | **{fuzzyStats.P95 / pkStats.P95:0.0}** | {fuzzyStats.P99 / pkStats.P99:0.0} | ≤ {FuzzyTarget} |
            | ΑΜΚΑ ÷ PK | {amkaStats.P50 / pkStats.P50:0.00} | **{amkaStats.P95 / pkStats.P95:0.00}** | {amkaStats.P99 / pkStats.P99:0.00} | ≤ {AmkaTarget} |

            CPU during the measured rounds: {cpu}.

            Checks: PK lookups that found the row {pk.Count - pkMissing:N0}/{pk.Count:N0}; ΑΜΚΑ searches with exactly one result {amka.Count - amkaNotExactlyOne:N0}/{amka.Count:N0}.

            **Name queries by form** (how the query was typed) and by the path the search took:

            | Form | n | p50 | p95 | p99 | by key / trigram fallback | ≥ 1 result | person on page 1 | median matches |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|
            """));
        foreach (var group in results.GroupBy(r => r.Query.Form).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            s.AppendLine(FormRow(group.Key, [.. group]));
        }

        s.AppendLine(FormRow("**all**", results));
        s.AppendLine().AppendLine("| Path | n | p50 | p95 | p99 | max | median matches |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Mode).OrderBy(g => g.Key))
        {
            var st = LatencyStats.From(group.Select(r => r.Ms));
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {st.Count:N0} | {Fmt.Ms(st.P50)} | {Fmt.Ms(st.P95)} | {Fmt.Ms(st.P99)} | {Fmt.Ms(st.Max)} | {Median(group.Select(r => r.Total)):N0} |"));
        }

        // Matches per query against latency: where the time goes.
        s.AppendLine().AppendLine("| Matches of the name query | n | p50 | p95 | p99 |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (label, lo, hi) in new[] { ("0", 0L, 0L), ("1–100", 1L, 100L), ("101–1,000", 101L, 1000L), ("1,001–5,000", 1001L, 5000L), ("> 5,000", 5001L, long.MaxValue) })
        {
            var st = LatencyStats.From(results.Where(r => r.Total >= lo && r.Total <= hi).Select(r => r.Ms));
            if (st.Count > 0)
            {
                s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {st.Count:N0} | {Fmt.Ms(st.P50)} | {Fmt.Ms(st.P95)} | {Fmt.Ms(st.P99)} |"));
            }
        }

        await ExplainAsync(o, report, pkIds[^1], amkas[^1], results, fuzzyStats, ct);
    }

    private static string Row(string name, LatencyStats st) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {st.Count:N0} | {Fmt.Ms(st.P50)} | {Fmt.Ms(st.P95)} | {Fmt.Ms(st.P99)} | {Fmt.Ms(st.Mean)} | {Fmt.Ms(st.Max)} |");

    private static string FormRow(string form, IReadOnlyList<FuzzyResult> rows)
    {
        var st = LatencyStats.From(rows.Select(r => r.Ms));
        var byKey = rows.Count(r => r.Mode == BeneficiarySearch.Mode.Name);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {form} | {rows.Count:N0} | {Fmt.Ms(st.P50)} | {Fmt.Ms(st.P95)} | {Fmt.Ms(st.P99)} | {byKey:N0} / {rows.Count - byKey:N0} | {Fmt.Pct(rows.Count(r => r.Total > 0) / (double)Math.Max(rows.Count, 1))} | {Fmt.Pct(rows.Count(r => r.TargetOnFirstPage) / (double)Math.Max(rows.Count, 1))} | {Median(rows.Select(r => r.Total)):N0} |");
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static async Task<List<Sampled>> SampleAsync(string connectionString, string where, int count, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await BenchDatabase.ExecuteAsync(conn, "SELECT setseed(0.1126)", ct);
        await using var cmd = new NpgsqlCommand($"SELECT id, surname, first_name, amka FROM registries.beneficiaries WHERE {where} ORDER BY random() LIMIT $1", conn)
        {
            Parameters = { new() { Value = count } },
            CommandTimeout = 300,
        };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Sampled>(count);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new Sampled(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return list.Count > 0 ? list : throw new InvalidOperationException("registries.beneficiaries has no rows to search for.");
    }

    /// <summary>Runs again, under EXPLAIN (ANALYZE, BUFFERS), the SQL EF Core sends for a PK lookup, an ΑΜΚΑ search and the slowest name searches.</summary>
    private static async Task ExplainAsync(BenchOptions o, Report report, Guid id, string amka, List<FuzzyResult> results, LatencyStats fuzzyStats, CancellationToken ct)
    {
        Log.Info("search: EXPLAIN ANALYZE of the PK lookup, an ΑΜΚΑ search and the slowest name searches");
        var capture = new CommandCapture();
        var contexts = new PooledDbContextFactory<RegistriesDbContext>(BenchDatabase.ContextOptions(o.ConnectionString, capture));
        var s = report.Section("2b. Query plans (EXPLAIN ANALYZE of the SQL EF Core sent, re-run after the measurement)");

        async Task<IReadOnlyList<ExplainedCommand>> Capture(Func<RegistriesDbContext, Task> call)
        {
            capture.Enabled = true;
            await using (var db = contexts.CreateDbContext())
            {
                await call(db);
            }

            capture.Enabled = false;
            var explained = new List<ExplainedCommand>();
            foreach (var c in capture.Take())
            {
                explained.Add(await ExplainedCommand.RunAsync(o.ConnectionString, c, ct));
            }

            return explained;
        }

        void Write(string title, IReadOnlyList<ExplainedCommand> commands, bool full)
        {
            s.Append("**").Append(title).AppendLine("**").AppendLine();
            for (var k = 0; k < commands.Count; k++)
            {
                s.Append(CultureInfo.InvariantCulture, $"{k + 1}. ").AppendLine(commands[k].Summary());
            }

            s.AppendLine();
            if (full)
            {
                s.AppendLine("<details><summary>plans</summary>").AppendLine();
                foreach (var c in commands)
                {
                    c.AppendMarkdown(s);
                }

                s.AppendLine("</details>").AppendLine();
            }
        }

        Write("PK lookup (baseline)", await Capture(db => db.Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct)), full: false);
        Write("ΑΜΚΑ search (`BeneficiarySearch.RunAsync`, 11 digits)", await Capture(db => BeneficiarySearch.RunAsync(db, new SearchBeneficiaries(amka, null, null, null), ct)), full: true);

        // The slowest name query of each path, and one at the p95 rank.
        var picks = results.GroupBy(r => r.Mode).Select(g => (Why: $"slowest {g.Key} query", Result: g.MaxBy(r => r.Ms)!)).ToList();
        var p95 = results.OrderBy(r => r.Ms).ElementAtOrDefault((int)Math.Ceiling(0.95 * results.Count) - 1);
        if (p95 is not null)
        {
            picks.Add(("query at the p95 rank", p95));
        }

        foreach (var (why, r) in picks)
        {
            var title = string.Create(CultureInfo.InvariantCulture,
                $"Name search, {why}: q = \"{r.Query.Text}\" ({r.Query.Form}) — measured {Fmt.Ms(r.Ms)}, path {r.Mode}, {r.Total:N0} matches (name p95 {Fmt.Ms(fuzzyStats.P95)})");
            Write(title, await Capture(db => BeneficiarySearch.RunAsync(db, new SearchBeneficiaries(r.Query.Text, null, null, null), ct)), full: true);
        }
    }
}
