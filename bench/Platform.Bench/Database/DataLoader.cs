using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Platform.Bench.Data;
using Platform.Bench.Reporting;

namespace Platform.Bench.Database;

/// <summary>
/// Part 1: fills registries.beneficiaries with generated people by binary COPY. The secondary indexes are
/// dropped for the load and rebuilt from their own definitions afterwards (faster than maintaining a
/// trigram GIN row by row), then VACUUM ANALYZE. Skipped when the table already holds enough rows.
/// </summary>
internal static class DataLoader
{
    public const int Seed = 20_261_126;

    private const string Columns = """
        id, surname, first_name, father_name, mother_name, birth_date, sex, amka, afm, document_kind, document_number,
        no_document_reason, nationality, languages, street, postal_code, city, municipality_id, phone, email, categories,
        centre_id, registered_at, registered_by, registration_command_id, surname_key, first_name_key
        """;

    public static async Task LoadAsync(BenchOptions options, Report report, PersonFaker faker, CancellationToken ct)
    {
        var section = report.Section("1. Data set");
        await using var conn = new NpgsqlConnection(options.ConnectionString);
        await conn.OpenAsync(ct);
        // Generated people only: those earlier registration phases wrote are removed below, not counted.
        var existing = await BenchDatabase.ScalarAsync<long>(conn,
            $"SELECT count(*) FROM registries.beneficiaries WHERE registered_by = '{PersonFaker.GeneratorUser}'", ct);
        if (existing >= options.Rows && !options.Regenerate)
        {
            Log.Info($"registries.beneficiaries holds {existing:N0} rows (≥ {options.Rows:N0}): generation skipped (--regenerate forces it)");
            section.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Generation skipped: the table already held {existing:N0} rows (≥ {options.Rows:N0}); `--regenerate` forces a new load. Load time: see the run that generated them."));
            var forgotten = await ForgetEarlierRegistrationsAsync(conn, ct);
            section.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Removed before this run: {forgotten:N0} people written by earlier runs' registration phases, with their consents, files and audit rows."));
        }
        else
        {
            if (existing > 0)
            {
                Log.Info(options.Regenerate
                    ? $"--regenerate: emptying registries.beneficiaries ({existing:N0} rows)"
                    : $"registries.beneficiaries holds {existing:N0} rows (< {options.Rows:N0}): emptying it and loading {options.Rows:N0}");
            }

            await GenerateAsync(options, report, faker, conn, ct);
        }

        await DescribeAsync(conn, report, faker, ct);
    }

    /// <summary>
    /// Every run measures on the generated people alone. Each run's registration phases write about 60,000 people; left in
    /// place, every run measured a larger table than the one before, with more likely duplicates to find (1.85 million rows
    /// after a day of runs, and the registration figure fell with it). They are removed with their consents, files and
    /// audit rows, the centres' file counts recomputed, the tables vacuumed. Returns how many people were removed.
    /// </summary>
    private static async Task<long> ForgetEarlierRegistrationsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var generated = $"registered_by = '{PersonFaker.GeneratorUser}'";
        var earlier = await BenchDatabase.ScalarAsync<long>(conn, $"SELECT count(*) FROM registries.beneficiaries WHERE NOT {generated}", ct);
        if (earlier == 0)
        {
            return 0;
        }

        Log.Info($"removing {earlier:N0} people written by earlier registration phases");
        await BenchDatabase.ExecuteAsync(conn, $"""
            BEGIN;
            CREATE TEMP TABLE earlier ON COMMIT DROP AS SELECT id FROM registries.beneficiaries WHERE NOT {generated};
            DELETE FROM registries.consents WHERE beneficiary_id IN (SELECT id FROM earlier);
            DELETE FROM registries.household_links WHERE beneficiary_id IN (SELECT id FROM earlier) OR member_id IN (SELECT id FROM earlier);
            DELETE FROM registries.beneficiary_files WHERE beneficiary_id IN (SELECT id FROM earlier);
            DELETE FROM registries.audit_log WHERE entity_type = 'beneficiary' AND entity_id IN (SELECT id::text FROM earlier);
            DELETE FROM registries.beneficiaries WHERE id IN (SELECT id FROM earlier);
            DELETE FROM registries.centre_file_counts;
            INSERT INTO registries.centre_file_counts (centre_id, category, slot, files)
            SELECT centre_id, category, 0, count(*)::int FROM (
                SELECT centre_id, '' AS category FROM registries.beneficiaries WHERE centre_id IS NOT NULL
                UNION ALL SELECT centre_id, unnest(categories) FROM registries.beneficiaries WHERE centre_id IS NOT NULL) AS d
            GROUP BY centre_id, category;
            COMMIT;
            """, ct, timeoutSeconds: 0);
        await BenchDatabase.ExecuteAsync(conn,
            "VACUUM (ANALYZE) registries.beneficiaries, registries.consents, registries.beneficiary_files, registries.audit_log, registries.centre_file_counts",
            ct, timeoutSeconds: 0);
        return earlier;
    }

    private static async Task GenerateAsync(BenchOptions options, Report report, PersonFaker faker, NpgsqlConnection conn, CancellationToken ct)
    {
        var section = report.Section("1. Data set");
        var total = Stopwatch.GetTimestamp();
        await BenchDatabase.ExecuteAsync(conn, "TRUNCATE registries.beneficiaries, registries.outbox CASCADE", ct);
        var dropped = await BenchDatabase.SaveAndDropSecondaryIndexesAsync(conn, ct);
        Log.Info($"dropped {dropped.Count} secondary indexes for the load (saved in bench.saved_indexes)");

        // A new surname key's close keys are found by a trigger, one key at a time under one lock: right for registrations,
        // quadratic for a bulk load whose indexes are dropped (two COPY streams then stall on the lock). Off for the load,
        // and the keys with their neighbours are filled set-based afterwards, as the migration that made the trigger did.
        await BenchDatabase.ExecuteAsync(conn, "ALTER TABLE registries.beneficiaries DISABLE TRIGGER beneficiaries_remember_surname_key", ct);
        var streams = Math.Clamp(Environment.ProcessorCount, 1, 4);
        Log.Info($"generating {options.Rows:N0} beneficiaries with binary COPY ({streams} parallel streams)");
        var copyStarted = Stopwatch.GetTimestamp();
        var written = new long[streams];
        var tasks = Enumerable.Range(0, streams).Select(s =>
        {
            var rows = options.Rows / streams + (s < options.Rows % streams ? 1 : 0);
            return Task.Run(() => CopyStream(options.ConnectionString, faker, new Random(Seed + s), rows, written, s, ct), ct);
        }).ToArray();
        var progress = Task.Run(async () =>
        {
            while (!Task.WhenAll(tasks).IsCompleted)
            {
                await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(5000, ct));
                Log.Info($"  … {written.Sum():N0} rows");
            }
        }, ct);
        await Task.WhenAll(tasks);
        await progress;
        var copyTook = Stopwatch.GetElapsedTime(copyStarted);

        var indexStarted = Stopwatch.GetTimestamp();
        var built = await BenchDatabase.RestoreSavedIndexesAsync(conn, ct);
        var indexTook = Stopwatch.GetElapsedTime(indexStarted);

        Log.Info("surname keys and their close neighbours, set-based");
        await BenchDatabase.ExecuteAsync(conn, """
            BEGIN;
            INSERT INTO registries.surname_keys (key) SELECT DISTINCT surname_key FROM registries.beneficiaries WHERE surname_key IS NOT NULL ON CONFLICT DO NOTHING;
            SET LOCAL pg_trgm.similarity_threshold = 0.5;
            INSERT INTO registries.surname_key_neighbours (key, neighbour, similarity)
            SELECT a.key, b.key, similarity(a.key, b.key) FROM registries.surname_keys a JOIN registries.surname_keys b ON b.key % a.key
            ON CONFLICT DO NOTHING;
            ALTER TABLE registries.beneficiaries ENABLE TRIGGER beneficiaries_remember_surname_key;
            COMMIT;
            ANALYZE registries.surname_keys;
            ANALYZE registries.surname_key_neighbours;
            """, ct, timeoutSeconds: 0);

        Log.Info("VACUUM ANALYZE");
        var vacuumStarted = Stopwatch.GetTimestamp();
        await BenchDatabase.ExecuteAsync(conn, "VACUUM (ANALYZE) registries.beneficiaries", ct, timeoutSeconds: 0);
        await BenchDatabase.ExecuteAsync(conn, "ANALYZE registries.municipalities", ct);
        var vacuumTook = Stopwatch.GetElapsedTime(vacuumStarted);
        var totalTook = Stopwatch.GetElapsedTime(total);

        section.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Generated and loaded **{options.Rows:N0}** beneficiaries in **{Fmt.S(totalTook)}**:")).AppendLine();
        section.AppendLine("| Step | Time | |");
        section.AppendLine("|---|---:|---|");
        section.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| Generate + binary COPY ({streams} streams, secondary indexes dropped) | {Fmt.S(copyTook)} | {options.Rows / copyTook.TotalSeconds:N0} rows/s |"));
        section.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| Rebuild {built.Count} secondary indexes from the migration's definitions | {Fmt.S(indexTook)} | {string.Join(", ", built.Select(b => $"{b.Name} {b.Took.TotalSeconds:0.0} s"))} |"));
        section.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| VACUUM ANALYZE | {Fmt.S(vacuumTook)} | |"));
        section.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **Total** | **{Fmt.S(totalTook)}** | {options.Rows / totalTook.TotalSeconds:N0} rows/s overall |"));
        section.AppendLine();
    }

    private static void CopyStream(string connectionString, PersonFaker faker, Random rng, int rows, long[] written, int stream, CancellationToken ct)
    {
        using var conn = new NpgsqlConnection(connectionString);
        conn.Open();
        using var importer = conn.BeginBinaryImport($"COPY registries.beneficiaries ({Columns}) FROM STDIN (FORMAT BINARY)");
        importer.Timeout = TimeSpan.FromMinutes(30);
        for (var i = 0; i < rows; i++)
        {
            if ((i & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                Volatile.Write(ref written[stream], i);
            }

            var p = faker.Next(rng);
            importer.StartRow();
            importer.Write(p.Id, NpgsqlDbType.Uuid);
            importer.Write(p.Surname, NpgsqlDbType.Varchar);
            importer.Write(p.FirstName, NpgsqlDbType.Varchar);
            Text(importer, p.FatherName);
            Text(importer, p.MotherName);
            importer.Write(p.BirthDate, NpgsqlDbType.Date);
            importer.Write(p.Sex.ToString(), NpgsqlDbType.Varchar);
            Text(importer, p.Amka);
            Text(importer, p.Afm);
            Text(importer, p.DocumentKind?.ToString());
            Text(importer, p.DocumentNumber);
            Text(importer, p.NoDocumentReason);
            importer.Write(p.Nationality, NpgsqlDbType.Varchar);
            importer.Write(p.Languages, NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(p.Street, NpgsqlDbType.Varchar);
            importer.Write(p.PostalCode, NpgsqlDbType.Varchar);
            importer.Write(p.City, NpgsqlDbType.Varchar);
            importer.Write(p.MunicipalityId, NpgsqlDbType.Uuid);
            Text(importer, p.Phone);
            Text(importer, p.Email);
            importer.Write(p.Categories.Select(c => c.ToString()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            importer.Write(p.CentreId, NpgsqlDbType.Uuid);
            importer.Write(p.RegisteredAt, NpgsqlDbType.TimestampTz);
            importer.Write(PersonFaker.GeneratorUser, NpgsqlDbType.Varchar);
            importer.WriteNull();
            importer.Write(p.SurnameKey, NpgsqlDbType.Varchar);
            importer.Write(p.FirstNameKey, NpgsqlDbType.Varchar);
        }

        importer.Complete();
        Volatile.Write(ref written[stream], rows);
    }

    private static void Text(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Varchar);
        }
    }

    /// <summary>What the searched table looks like: size, skew of the surnames, identifiers.</summary>
    private static async Task DescribeAsync(NpgsqlConnection conn, Report report, PersonFaker faker, CancellationToken ct)
    {
        var section = report.Section("1. Data set");
        await using var cmd = new NpgsqlCommand("""
            WITH k AS (SELECT surname_key, count(*) AS n FROM registries.beneficiaries GROUP BY surname_key)
            SELECT (SELECT count(*) FROM registries.beneficiaries),
                   (SELECT count(*) FROM k),
                   (SELECT surname_key FROM k ORDER BY n DESC LIMIT 1),
                   (SELECT max(n) FROM k),
                   (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM k),
                   (SELECT count(*) FILTER (WHERE amka IS NOT NULL) FROM registries.beneficiaries),
                   (SELECT count(*) FILTER (WHERE afm IS NOT NULL) FROM registries.beneficiaries),
                   (SELECT count(*) FILTER (WHERE registered_by <> 'bench-generator') FROM registries.beneficiaries),
                   pg_size_pretty(pg_table_size('registries.beneficiaries')),
                   pg_size_pretty(pg_indexes_size('registries.beneficiaries')),
                   (SELECT count(*) FROM registries.municipalities)
            """, conn)
        { CommandTimeout = 600 };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var rows = r.GetInt64(0);
        section.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""
            - Rows in `registries.beneficiaries`: **{rows:N0}** ({r.GetInt64(7):N0} of them not generated); table {r.GetString(8)}, indexes {r.GetString(9)}.
            - Distinct surname keys: {r.GetInt64(1):N0} (generator pool: {faker.DistinctSurnames:N0} surnames × male/female forms, {PersonFaker.Describe(CultureInfo.InvariantCulture)}); most common key `{r.GetString(2)}` with {r.GetInt64(3):N0} people ({Fmt.Pct(r.GetInt64(3) / (double)Math.Max(rows, 1))}); median people per key {r.GetInt64(4):N0}.
            - With ΑΜΚΑ: {Fmt.Pct(r.GetInt64(5) / (double)Math.Max(rows, 1))}; with ΑΦΜ: {Fmt.Pct(r.GetInt64(6) / (double)Math.Max(rows, 1))}; municipalities: {r.GetInt64(10)} (from `registries.municipalities`, weighted by population).
            """));
    }
}
