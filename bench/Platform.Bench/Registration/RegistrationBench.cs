using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Platform.Bench.Data;
using Platform.Bench.Database;
using Platform.Bench.Measure;
using Platform.Bench.Reporting;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Identity;
using Platform.BuildingBlocks.Persistence;
using Platform.Registries.Domain;
using Platform.Registries.Features.Beneficiaries;
using Platform.Registries.Persistence;
using Platform.Registries.Seed;

namespace Platform.Bench.Registration;

/// <summary>
/// Part 3: registration throughput with N concurrent clients. Baseline: plain one-row INSERTs (autocommit)
/// of beneficiary-shaped rows into a scratch copy of registries.beneficiaries (same columns, collations
/// and indexes, no rows). Measured: POST /api/registries/beneficiaries on the host child process, valid
/// bodies with fresh ΑΜΚΑ; half confirm "not a duplicate", half do not (a 409 possible-duplicate is a
/// completed request, counted apart).
/// </summary>
internal static class RegistrationBench
{
    public const double Target = 0.25;
    private const string ScratchTable = BenchDatabase.BenchSchema + ".insert_baseline";
    private const string PossibleDuplicateType = "possible-duplicate";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private enum Outcome { Created, Replayed, PossibleDuplicate, Error }

    private sealed record LoadResult(long Ops, TimeSpan Elapsed, LatencyStats Latency, IReadOnlyDictionary<Outcome, long> Outcomes, IReadOnlyDictionary<string, long> Errors)
    {
        /// <summary>Requests answered as the product answers them (created, replayed, held back); an error is not a registration.</summary>
        public long Completed => Ops - Outcomes.GetValueOrDefault(Outcome.Error);

        /// <summary>Completed per second: a run failing fast must not read as a fast run.</summary>
        public double PerSecond => Completed / Elapsed.TotalSeconds;
    }

    public static async Task RunAsync(BenchOptions o, Report report, string repositoryRoot, Func<IdentifierAllocator, PersonFaker> makeFaker, CancellationToken ct)
    {
        var s = report.Section("3. Registration throughput");
        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync(ct);

        // Baseline, measured before and after the registrations: on two cores a checkpoint or autovacuum landing in one
        // 30-second phase moves it by a third, so the ratio is taken against the mean of the two.
        var (before, beforeCpu, scratchIndexes) = await MeasureBaselineAsync(o, conn, makeFaker, "before", 1, ct);
        // Fresh identifiers past everything stored (earlier runs included).
        var lastSerial = await BenchDatabase.ScalarAsync<int>(conn, $"""
            SELECT coalesce(max(substring(amka FROM 7 FOR 4)::int), {IdentifierAllocator.FreshFirstSerial - 1})
            FROM registries.beneficiaries WHERE amka IS NOT NULL AND substring(amka FROM 7 FOR 4) >= '{IdentifierAllocator.FreshFirstSerial}'
            """, ct);
        var lastAfm = await BenchDatabase.ScalarAsync<int>(conn, $"""
            SELECT coalesce(max(substring(afm FROM 1 FOR 8)::int), {IdentifierAllocator.FreshFirstAfmPayload - 1})
            FROM registries.beneficiaries WHERE afm >= '{IdentifierAllocator.FreshFirstAfmPayload}'
            """, ct);
        var faker = makeFaker(IdentifierAllocator.Fresh(lastSerial + 1, lastAfm + 1));

        var logPath = Path.Combine(repositoryRoot, "bench", "results", "host.log");
        LoadResult registrations;
        string registrationCpu;
        string? buildWarning;
        await using (var host = await HostProcess.StartAsync(repositoryRoot, o, logPath, ct))
        {
            buildWarning = host.BuildWarning;
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = o.Clients,
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            })
            {
                BaseAddress = HostProcess.BaseAddress,
                Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await HostProcess.SignInAsync(http, o.HostConnectionString, ct));
            long sequence = 0;
            Task<Outcome> Register(int client, Random rng, CancellationToken token) =>
                RegisterAsync(http, faker.Next(rng, DateTimeOffset.UtcNow), Interlocked.Increment(ref sequence) % 2 == 0, token);

            Log.Info($"registrations: {o.Clients} clients × POST /api/registries/beneficiaries (warm-up {o.PhaseWarmUp.TotalSeconds:0} s, then {o.Phase.TotalSeconds:0} s)");
            await SettleAsync(conn, ct);
            await RunLoadAsync(o.Clients, o.PhaseWarmUp, Register, 3, ct);
            var cpu = CpuSnapshot.Take(host.Process);
            registrations = await RunLoadAsync(o.Clients, o.Phase, Register, 4, ct);
            registrationCpu = CpuSnapshot.Describe(cpu, CpuSnapshot.Take(host.Process), registrations.Ops, "registration");
            Log.Info($"registrations: {registrations.PerSecond:N0} requests/s");
            if (host.HasExited)
            {
                report.Problem($"Registration: the host exited during the phase; see {logPath}.");
            }
        }

        // The host is stopped: what follows is the database's work for the same registrations, without HTTP and the host.
        var (database, databaseCpu) = await MeasureDatabaseShareAsync(o, conn, faker, ct);

        var (after, afterCpu, _) = await MeasureBaselineAsync(o, conn, makeFaker, "after", 5, ct);
        var baseline = new LoadResult(before.Ops + after.Ops, before.Elapsed + after.Elapsed, LatencyStats.From([]),
            Enum.GetValues<Outcome>().ToDictionary(x => x, x => before.Outcomes[x] + after.Outcomes[x]),
            before.Errors.Concat(after.Errors).GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(e => e.Value), StringComparer.Ordinal));
        var ratio = registrations.PerSecond / baseline.PerSecond;
        report.Ratio(RatioRow.AtLeast($"Registrations/s ÷ plain INSERTs/s ({o.Clients} clients)",
            Fmt.N(baseline.PerSecond) + " inserts/s", Fmt.N(registrations.PerSecond) + " registrations/s", ratio, Target));
        var errors = registrations.Outcomes.GetValueOrDefault(Outcome.Error) + baseline.Outcomes.GetValueOrDefault(Outcome.Error);
        if (errors > 0)
        {
            report.Problem(string.Create(CultureInfo.InvariantCulture,
                $"Registration: {errors:N0} errors ({string.Join(", ", registrations.Errors.Concat(baseline.Errors).Select(e => $"{e.Key} × {e.Value:N0}"))})."));
        }

        if (buildWarning is not null)
        {
            report.Problem("Registration: `dotnet build Host/Platform.Host -c Release` failed three times; the host ran from the existing build output.");
        }

        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""
            {o.Clients} concurrent clients, {o.PhaseWarmUp.TotalSeconds:0} s warm-up then {o.Phase.TotalSeconds:0} s measured per phase; a request counts when it completes
            (throughput = completed ÷ wall time until the last client stopped).

            - **Baseline:** one `INSERT … VALUES ($1 … $27)` per statement, autocommit, not prepared, one Npgsql connection per client, into `{ScratchTable}`
              (`LIKE registries.beneficiaries INCLUDING ALL`: same columns, collations and {scratchIndexes} indexes, starts empty; dropped afterwards);
              measured before and after the registrations, the ratio taken against both together (completed ÷ time of the two phases).
              Each phase starts with a `CHECKPOINT`, so none inherits the one the phase before it would have triggered.
            - **Registrations:** `POST /api/registries/beneficiaries` to the host child process (HttpClient + SocketsHttpHandler, {o.Clients} connections):
              validation (municipality and centre known to the host), then a place in the next group of concurrent registrations
              (`RegistrationBatcher`): one transaction in two round trips per group (the locks, command-id and ΑΜΚΑ/ΑΦΜ checks and
              `DuplicateFinder` for everyone in it; then the people, consents, audit rows and the files' first states with the commit),
              then one notice per centre to its grain. Bodies are generated people with fresh ΑΜΚΑ (serials past any stored one) and ΑΦΜ for
              ~70 %; every other request sends `"confirmNotDuplicate": true`.
            - **Database work alone** (not a target): the same groups (`RegistrationBatcher` and `RegistrationTransaction`, the classes the
              handler uses) fed by {o.Clients} concurrent callers in the bench, with the host stopped, for the same kind of people.

            | Phase | Completed | Per second | p50 | p95 | p99 | Outcomes |
            |---|---:|---:|---:|---:|---:|---|
            | Plain INSERT (baseline, before) | {before.Completed:N0} in {Fmt.S(before.Elapsed)} | {before.PerSecond:N0} | {Fmt.Ms(before.Latency.P50)} | {Fmt.Ms(before.Latency.P95)} | {Fmt.Ms(before.Latency.P99)} | {Outcomes(before)} |
            | Registration via HTTP | {registrations.Completed:N0} in {Fmt.S(registrations.Elapsed)} | **{registrations.PerSecond:N0}** | {Fmt.Ms(registrations.Latency.P50)} | {Fmt.Ms(registrations.Latency.P95)} | {Fmt.Ms(registrations.Latency.P99)} | {Outcomes(registrations)} |
            | Registration, database work alone (not a target) | {database.Completed:N0} in {Fmt.S(database.Elapsed)} | {database.PerSecond:N0} | {Fmt.Ms(database.Latency.P50)} | {Fmt.Ms(database.Latency.P95)} | {Fmt.Ms(database.Latency.P99)} | {Outcomes(database)} |
            | Plain INSERT (baseline, after) | {after.Completed:N0} in {Fmt.S(after.Elapsed)} | {after.PerSecond:N0} | {Fmt.Ms(after.Latency.P50)} | {Fmt.Ms(after.Latency.P95)} | {Fmt.Ms(after.Latency.P99)} | {Outcomes(after)} |
            | **Baseline (both phases)** | {baseline.Completed:N0} in {Fmt.S(baseline.Elapsed)} | **{baseline.PerSecond:N0}** | | | | |

            CPU during the baseline before: {beforeCpu}.
            CPU during the measured registrations: {registrationCpu}.
            CPU during the database work alone: {databaseCpu}.
            CPU during the baseline after: {afterCpu}.

            Ratio registrations/s ÷ inserts/s = **{ratio:0.000}** (target ≥ {Target}).
            The database work of a registration alone, without HTTP and the host, reaches **{database.PerSecond / baseline.PerSecond:0.000}** of the inserts/s:
            a ceiling for any host in front of this schema and these checks; the HTTP path reaches {registrations.PerSecond / database.PerSecond:0.00} of it. Files created per second: {registrations.Outcomes.GetValueOrDefault(Outcome.Created) / registrations.Elapsed.TotalSeconds:N0}.
            Of the requests without confirmation, {Fmt.Pct(registrations.Outcomes.GetValueOrDefault(Outcome.PossibleDuplicate) / Math.Max(1.0, registrations.Ops / 2.0))} were held back as possible duplicates (409).
            Host log: `bench/results/host.log`.

            """));

        await DuplicateFinderProfileAsync(o, s, makeFaker, ct);
    }

    /// <summary>
    /// The registrations' database work alone: <see cref="RegistrationBatcher"/> (the groups the handler hands them to, each
    /// two round trips: checks, then the rows and the commit), with the host stopped. Not a target: it tells how
    /// much of the registration's cost no host code can remove, since a registration over HTTP cannot do better than this.
    /// </summary>
    private static async Task<(LoadResult Result, string Cpu)> MeasureDatabaseShareAsync(BenchOptions o, NpgsqlConnection conn, PersonFaker faker, CancellationToken ct)
    {
        RegistrationRows rows;
        await using (var db = new RegistriesDbContext(BenchDatabase.ContextOptions(o.ConnectionString)))
        {
            rows = new RegistrationRows(db.Model);
        }

        var transaction = new RegistrationTransaction(rows, TimeProvider.System, NullLogger<RegistrationTransaction>.Instance);
        // Connections as the host opens them: its tuning (statements prepared automatically) and the module's options; the
        // registrations grouped as the host groups them (RegistrationBatcher).
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(TrigramThreshold.On(ConnectionTuning.Tune(o.ConnectionString))) { MaxPoolSize = o.Clients + 4 }.ConnectionString);
        await using var registrations = new RegistrationBatcher(dataSource, transaction, _ => Task.CompletedTask, NullLogger<RegistrationBatcher>.Instance);
        long sequence = 0;
        async Task<Outcome> Register(int client, Random rng, CancellationToken token)
        {
            var command = Command(faker.Next(rng, DateTimeOffset.UtcNow), Interlocked.Increment(ref sequence) % 2 == 0);
            try
            {
                var outcome = await registrations.RegisterAsync(command, BenchCaseworker.Instance, token);
                return outcome.Result.Created ? Outcome.Created : Outcome.Replayed;
            }
            catch (ConflictException ex) when (ex.Type == PossibleDuplicateType)
            {
                return Outcome.PossibleDuplicate;
            }
        }

        Log.Info($"registrations, database work alone: {o.Clients} clients × RegistrationBatcher (warm-up {o.PhaseWarmUp.TotalSeconds:0} s, then {o.Phase.TotalSeconds:0} s)");
        await SettleAsync(conn, ct);
        await RunLoadAsync(o.Clients, o.PhaseWarmUp, Register, 6, ct);
        var cpu = CpuSnapshot.Take(null);
        var result = await RunLoadAsync(o.Clients, o.Phase, Register, 7, ct);
        var described = CpuSnapshot.Describe(cpu, CpuSnapshot.Take(null), result.Ops, "registration");
        Log.Info($"registrations, database work alone: {result.PerSecond:N0} registrations/s");
        return (result, described);
    }

    /// <summary>The demo caseworker the HTTP phase signs in as, for the database phase (the audit and timeline rows name them).</summary>
    private sealed class BenchCaseworker : ICurrentActor
    {
        public static readonly BenchCaseworker Instance = new();

        public string UserName => "caseworker";

        public Guid? CentreId => DemoData.CommunityCentre;

        public IReadOnlySet<string> Roles { get; } = new HashSet<string>(StringComparer.Ordinal) { PlatformRoles.Caseworker };
    }

    /// <summary>
    /// Every phase starts from a checkpoint: the write-ahead log of the phase before (a million-row table's indexes) would
    /// otherwise trigger one in whichever phase comes next, and its burst of full-page writes land there.
    /// </summary>
    private static Task SettleAsync(NpgsqlConnection conn, CancellationToken ct) => BenchDatabase.ExecuteAsync(conn, "CHECKPOINT", ct);

    /// <summary>One baseline phase: plain one-row INSERTs into a fresh scratch copy of registries.beneficiaries.</summary>
    private static async Task<(LoadResult Result, string Cpu, long Indexes)> MeasureBaselineAsync(
        BenchOptions o, NpgsqlConnection conn, Func<IdentifierAllocator, PersonFaker> makeFaker, string label, int seed, CancellationToken ct)
    {
        await BenchDatabase.ExecuteAsync(conn, $"""
            DROP TABLE IF EXISTS {ScratchTable};
            CREATE TABLE {ScratchTable} (LIKE registries.beneficiaries INCLUDING ALL);
            """, ct);
        var indexes = await BenchDatabase.ScalarAsync<long>(conn,
            $"SELECT count(*) FROM pg_indexes WHERE schemaname = '{BenchDatabase.BenchSchema}' AND tablename = 'insert_baseline'", ct);
        var faker = makeFaker(IdentifierAllocator.Fresh(IdentifierAllocator.FreshFirstSerial, IdentifierAllocator.FreshFirstAfmPayload));
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(o.ConnectionString) { MaxPoolSize = o.Clients + 4 }.ConnectionString);
        var connections = new NpgsqlConnection[o.Clients];
        for (var c = 0; c < o.Clients; c++)
        {
            connections[c] = await dataSource.OpenConnectionAsync(ct);
        }

        try
        {
            Task<Outcome> Insert(int client, Random rng, CancellationToken token) => InsertAsync(connections[client], faker.Next(rng, DateTimeOffset.UtcNow), token);
            Log.Info($"baseline ({label}): {o.Clients} clients × plain one-row INSERTs into {ScratchTable} (warm-up {o.PhaseWarmUp.TotalSeconds:0} s, then {o.Phase.TotalSeconds:0} s)");
            await SettleAsync(conn, ct);
            await RunLoadAsync(o.Clients, o.PhaseWarmUp, Insert, seed, ct);
            var cpu = CpuSnapshot.Take(null);
            var result = await RunLoadAsync(o.Clients, o.Phase, Insert, seed + 1, ct);
            var described = CpuSnapshot.Describe(cpu, CpuSnapshot.Take(null), result.Ops, "insert");
            Log.Info($"baseline ({label}): {result.PerSecond:N0} inserts/s");
            return (result, described, indexes);
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }

            await BenchDatabase.ExecuteAsync(conn, $"DROP TABLE IF EXISTS {ScratchTable}", ct);
        }
    }

    private static string Outcomes(LoadResult r) => string.Join(", ",
        new[]
        {
            r.Outcomes.GetValueOrDefault(Outcome.Created) is var c and > 0 ? $"created {c:N0}" : null,
            r.Outcomes.GetValueOrDefault(Outcome.Replayed) is var p and > 0 ? $"replayed (200) {p:N0}" : null,
            r.Outcomes.GetValueOrDefault(Outcome.PossibleDuplicate) is var d and > 0 ? $"409 possible-duplicate {d:N0}" : null,
            r.Outcomes.GetValueOrDefault(Outcome.Error) is var e and > 0 ? $"**errors {e:N0}**" : "no errors",
        }.Where(x => x is not null));

    private static readonly int RunSalt = (int)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond);

    /// <summary>Runs <paramref name="op"/> in a loop on every client until the time is up (bounded, also, to 5 million operations).</summary>
    private static async Task<LoadResult> RunLoadAsync(int clients, TimeSpan duration, Func<int, Random, CancellationToken, Task<Outcome>> op, int seed, CancellationToken ct)
    {
        const long MaxOps = 5_000_000;
        var outcomes = new long[Enum.GetValues<Outcome>().Length];
        var errors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        var latencies = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            // a salt per run: the people registered are new each run, as at a centre. With the same sequence every run,
            // each run met the previous runs' people as likely duplicates (409s, cheaper) and the mix drifted run by run.
            var rng = new Random(HashCode.Combine(DataLoader.Seed, seed, client, RunSalt));
            var mine = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref total) <= MaxOps)
            {
                ct.ThrowIfCancellationRequested();
                var t = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await op(client, rng, ct);
                }
                catch (Exception ex) when (ex is NpgsqlException or HttpRequestException or TaskCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    errors.AddOrUpdate(ex.GetType().Name + ": " + ex.Message.Split('\n')[0], 1, (_, n) => n + 1);
                    outcome = Outcome.Error;
                }
                catch (ErrorResponseException ex)
                {
                    errors.AddOrUpdate(ex.Message, 1, (_, n) => n + 1);
                    outcome = Outcome.Error;
                }

                mine.Add(LatencyStats.Milliseconds(t));
                Interlocked.Increment(ref outcomes[(int)outcome]);
            }

            return mine;
        }, ct)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadResult(
            latencies.Sum(l => l.Count),
            elapsed,
            LatencyStats.From(latencies.SelectMany(l => l)),
            Enum.GetValues<Outcome>().ToDictionary(x => x, x => outcomes[(int)x]),
            errors.ToDictionary(StringComparer.Ordinal));
    }

    private static async Task<Outcome> InsertAsync(NpgsqlConnection conn, Person p, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO {ScratchTable} (id, surname, first_name, father_name, mother_name, birth_date, sex, amka, afm, document_kind, document_number,
                no_document_reason, nationality, languages, street, postal_code, city, municipality_id, phone, email, categories,
                centre_id, registered_at, registered_by, registration_command_id, surname_key, first_name_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
            """, conn)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = p.Id },
                Text(p.Surname),
                Text(p.FirstName),
                Text(p.FatherName),
                Text(p.MotherName),
                new NpgsqlParameter<DateOnly> { TypedValue = p.BirthDate },
                Text(p.Sex.ToString()),
                Text(p.Amka),
                Text(p.Afm),
                Text(p.DocumentKind?.ToString()),
                Text(p.DocumentNumber),
                Text(p.NoDocumentReason),
                Text(p.Nationality),
                new NpgsqlParameter<string[]> { TypedValue = p.Languages, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                Text(p.Street),
                Text(p.PostalCode),
                Text(p.City),
                new NpgsqlParameter<Guid> { TypedValue = p.MunicipalityId },
                Text(p.Phone),
                Text(p.Email),
                new NpgsqlParameter<string[]> { TypedValue = [.. p.Categories.Select(c => c.ToString())], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<Guid> { TypedValue = p.CentreId },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = p.RegisteredAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                Text("bench-baseline"),
                new NpgsqlParameter { Value = Guid.NewGuid(), NpgsqlDbType = NpgsqlDbType.Uuid },
                Text(p.SurnameKey),
                Text(p.FirstNameKey),
            },
        };
        await cmd.ExecuteNonQueryAsync(ct);
        return Outcome.Created;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar };

    /// <summary>
    /// The command for a generated person, as the web UI would send it; every other one confirms "not a duplicate".
    /// The HTTP phase sends it as JSON, the database phase hands it to <see cref="RegistrationTransaction"/>.
    /// </summary>
    private static RegisterBeneficiary Command(Person p, bool confirm) => new()
    {
        Surname = p.Surname, FirstName = p.FirstName, FatherName = p.FatherName, MotherName = p.MotherName, BirthDate = p.BirthDate, Sex = p.Sex,
        Amka = p.Amka, Afm = p.Afm, DocumentKind = p.DocumentKind, DocumentNumber = p.DocumentNumber, NoDocumentReason = p.NoDocumentReason,
        Nationality = p.Nationality, Languages = p.Languages, Street = p.Street, PostalCode = p.PostalCode, City = p.City,
        MunicipalityId = p.MunicipalityId, Phone = p.Phone, Email = p.Email, Categories = p.Categories,
        CommandId = Guid.NewGuid(), CentreId = DemoData.CommunityCentre, ConfirmNotDuplicate = confirm,
        Consents = p.Phone is null ? [ConsentPurpose.ProcessingOfPersonalData] : [ConsentPurpose.ProcessingOfPersonalData, ConsentPurpose.ContactByPhone],
    };

    private static async Task<Outcome> RegisterAsync(HttpClient http, Person p, bool confirm, CancellationToken ct)
    {
        var body = Command(p, confirm);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/registries/beneficiaries", UriKind.Relative))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                return Outcome.Created;
            case HttpStatusCode.OK:
                return Outcome.Replayed;
            default:
                var text = await response.Content.ReadAsStringAsync(ct);
                var type = ProblemType(text);
                if (response.StatusCode == HttpStatusCode.Conflict && type.EndsWith("/" + PossibleDuplicateType, StringComparison.Ordinal))
                {
                    return Outcome.PossibleDuplicate;
                }

                throw new ErrorResponseException(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {type} {Shorten(text)}"));
        }
    }

    private static string ProblemType(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>
    /// What a registration spends in DuplicateFinder (name keys + trigram similarity): its latency for a sample
    /// of generated people, single client, and the plan for a person with the most common surname.
    /// </summary>
    private static async Task DuplicateFinderProfileAsync(BenchOptions o, System.Text.StringBuilder s, Func<IdentifierAllocator, PersonFaker> makeFaker, CancellationToken ct)
    {
        Log.Info("registrations: profiling DuplicateFinder (single client) and its plan");
        var faker = makeFaker(IdentifierAllocator.Fresh(9000, 99_000_000)); // identifiers unused here
        var contexts = new PooledDbContextFactory<RegistriesDbContext>(BenchDatabase.ContextOptions(o.ConnectionString));
        var rng = new Random(DataLoader.Seed + 99);
        var people = Enumerable.Range(0, 250).Select(_ => faker.Next(rng)).ToList();
        var times = new List<double>();
        var matches = new List<int>();
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            var t = Stopwatch.GetTimestamp();
            IReadOnlyList<PossibleDuplicate> found;
            await using (var db = contexts.CreateDbContext())
            {
                found = await DuplicateFinder.FindAsync(db, p.Surname, p.FirstName, p.BirthDate, null, ct);
            }

            if (i >= 50)
            {
                times.Add(LatencyStats.Milliseconds(t));
                matches.Add(found.Count);
            }
        }

        var st = LatencyStats.From(times);
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""
            **DuplicateFinder alone** (the likely-duplicate check every registration runs; {st.Count} generated people, single client, after 50 warm-up calls):
            p50 {Fmt.Ms(st.P50)}, p95 {Fmt.Ms(st.P95)}, p99 {Fmt.Ms(st.P99)}, max {Fmt.Ms(st.Max)}; people with ≥ 1 likely duplicate: {Fmt.Pct(matches.Count(m => m > 0) / (double)Math.Max(1, matches.Count))}.

            """));

        var capture = new CommandCapture();
        var explainContexts = new PooledDbContextFactory<RegistriesDbContext>(BenchDatabase.ContextOptions(o.ConnectionString, capture));
        var timed = people.Skip(50).Zip(times).OrderBy(x => x.Second).ToList();
        foreach (var (why, p) in new[] { ("slowest of the sample", timed[^1].First), ("median of the sample", timed[timed.Count / 2].First) })
        {
            capture.Enabled = true;
            await using (var db = explainContexts.CreateDbContext())
            {
                await DuplicateFinder.FindAsync(db, p.Surname, p.FirstName, p.BirthDate, null, ct);
            }

            capture.Enabled = false;
            foreach (var c in capture.Take())
            {
                var e = await ExplainedCommand.RunAsync(o.ConnectionString, c, ct);
                s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"DuplicateFinder plan, {why} (surname key `{p.SurnameKey}`, born {p.BirthDate:yyyy}): {e.Summary()}")).AppendLine();
                s.AppendLine("<details><summary>plan</summary>").AppendLine();
                e.AppendMarkdown(s);
                s.AppendLine("</details>").AppendLine();
            }
        }
    }

    private sealed class ErrorResponseException(string message) : Exception(message);
}
