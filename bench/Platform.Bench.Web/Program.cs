using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Platform.Testing;

// ./platform bench web [--quick]: the caseworker inbox and the supervisor dashboard under 50 concurrent signed-in users
// with 10,000 open referrals, each as a p95 ratio to /health/live under the same 50 users, same host, same run (issue 4).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var phase = TimeSpan.FromSeconds(quick ? 8 : 30);
const int Users = 50;
const int OpenReferrals = 10_000;
const int RealReferrals = 200;
const string Inbox = "/api/workflows/inbox";
const string Dashboard = "/api/workflows/dashboard";

// the bench server `./platform bench` started; a database of its own, dropped at the end
Environment.SetEnvironmentVariable("PLATFORM_TEST_PG", Environment.GetEnvironmentVariable("PLATFORM_BENCH_PG") is { Length: > 0 } env
    ? env : "Host=127.0.0.1;Port=55432;Username=postgres");
// the host's content root, which test projects get from an attribute Mvc.Testing generates into them
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_HOST", Path.Combine(RepositoryRoot(), "Host", "Platform.Host"));
var database = new TestDatabase();
await database.InitializeAsync();
var factory = new PlatformFactory(database.ConnectionString);
try
{
    var address = factory.StartKestrel();
    Console.WriteLine($"host at {address}; seeding {RealReferrals} referrals through the API");
    var seeding = Stopwatch.StartNew();
    await SeedAsync(factory);
    var open = await ScalarAsync(database.ConnectionString, "SELECT count(*) FROM workflows.instances WHERE definition = 'referral' AND status = 'Active'");
    var overdue = await ScalarAsync(database.ConnectionString, "SELECT count(*) FROM workflows.instances WHERE definition = 'referral' AND status = 'Active' AND task_due_at < now()");
    Console.WriteLine($"{open:N0} open referrals ({overdue:N0} overdue) in {seeding.Elapsed.TotalSeconds:0} s; signing in {Users} caseworkers and {Users} supervisors");

    var caseworkers = await SignInAsync(factory, address, "Caseworker", DemoUsers.Centre, null, "bench-cw");
    var supervisors = await SignInAsync(factory, address, "Supervisor", null, DemoUsers.Trikala, "bench-sup");

    // warm-up: every path compiled and every plan cached before anything is timed
    await RunAsync(caseworkers, "/health/live", TimeSpan.FromSeconds(quick ? 3 : 10));
    await RunAsync(caseworkers, Inbox, TimeSpan.FromSeconds(quick ? 3 : 10));
    await RunAsync(supervisors, Dashboard, TimeSpan.FromSeconds(quick ? 3 : 10));

    var live = await RunAsync(caseworkers, "/health/live", phase);
    var inbox = await RunAsync(caseworkers, Inbox, phase);
    var dashboard = await RunAsync(supervisors, Dashboard, phase);
    var liveAfter = await RunAsync(caseworkers, "/health/live", phase);
    var baseline = Math.Max(live.P95, liveAfter.P95);

    // a fast wrong answer is no figure: what one caseworker and one supervisor were shown, against the table
    var inboxTotal = await JsonNumberAsync(caseworkers[0], Inbox, "counts", "total");
    var dashboardOpen = await JsonNumberAsync(supervisors[0], Dashboard, "open");
    var caseworkerTasks = await ScalarAsync(database.ConnectionString,
        "SELECT count(*) FROM workflows.instances WHERE status = 'Active' AND centre_id = '" + DemoUsers.Centre + "' AND task_role = 'Caseworker'");

    var report = new StringBuilder();
    report.AppendLine("# Platform bench — the inbox and the dashboard under load (issue 4)").AppendLine();
    report.AppendLine($"- **Run:** {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(quick ? "quick" : "full")} ({phase.TotalSeconds:0} s phases after a warm-up), {Users} concurrent signed-in users per phase, each with its own bearer token, requests back to back over real sockets.");
    report.AppendLine($"- **Machine:** {Environment.ProcessorCount} logical cores, .NET {Environment.Version}; the host (Kestrel + Orleans silo), PostgreSQL and the load generator share it.");
    report.AppendLine($"- **Data:** {open:N0} open referrals at the demo centre ({overdue:N0} overdue), {RealReferrals} of them walked through the API and the rest copies of those rows with new ids (the read side's rows are what both pages read).").AppendLine();
    report.AppendLine("| Endpoint | Users | Requests | p50 | p95 | p95 ÷ /health/live p95 | Target |").AppendLine("|---|---:|---:|---:|---:|---:|---|");
    report.AppendLine(Row("`/health/live` (before)", live, baseline, ""));
    report.AppendLine(Row($"`{Inbox}` — 50 caseworkers", inbox, baseline, "≤ 10"));
    report.AppendLine(Row($"`{Dashboard}` — 50 supervisors", dashboard, baseline, "≤ 10"));
    report.AppendLine(Row("`/health/live` (after)", liveAfter, baseline, ""));
    report.AppendLine().AppendLine("The baseline is the larger of the two /health/live phases around the measured ones (the machine's state drifts during a run). Errors: " +
        $"inbox {inbox.Errors}, dashboard {dashboard.Errors}, health {live.Errors + liveAfter.Errors}.");
    report.AppendLine($"Answers checked after the phases: the inbox counted {inboxTotal:N0} tasks (the table holds {caseworkerTasks:N0} open caseworker tasks at the centre), " +
        $"the dashboard {dashboardOpen:N0} open instances (at least the {open:N0} open referrals of the centre in the supervisor's municipality).");

    var results = Path.Combine(RepositoryRoot(), "bench", "results");
    Directory.CreateDirectory(results);
    var file = Path.Combine(results, $"web-{(quick ? "quick" : "full")}.md");
    await File.WriteAllTextAsync(file, report.ToString());
    Console.WriteLine(report);
    Console.WriteLine($"written to {Path.GetRelativePath(RepositoryRoot(), file)}");
    return inbox.Errors + dashboard.Errors == 0 && inboxTotal >= caseworkerTasks && dashboardOpen >= open ? 0 : 1;
}
finally
{
    await factory.DisposeAsync();
    await database.DisposeAsync();
}

static string Row(string name, Phase p, double baseline, string target) =>
    $"| {name} | {Users} | {p.Count:N0} | {p.P50:0.0} ms | {p.P95:0.0} ms | **{p.P95 / baseline:0.0}** | {target} |";

// 200 beneficiaries, each referred to ΚΕΑ and walked to a spread of states; then copies up to 10,000 open referrals
static async Task SeedAsync(PlatformFactory factory)
{
    using var client = factory.ClientAs("Caseworker", DemoUsers.Centre, "bench-seeder");
    using var programmes = await client.GetAsync("/api/registries/programmes");
    var kea = JsonDocument.Parse(await programmes.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray()
        .First(p => p.GetProperty("data").GetProperty("isSocialSolidarityIncome").GetBoolean()).GetProperty("id").GetGuid();
    string[][] walks = [["Submit"], ["Submit", "Accept"], ["Submit", "Accept", "StartService"], ["Submit", "RequestInformation"], []];
    await Parallel.ForEachAsync(Enumerable.Range(0, RealReferrals), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        var person = await PostAsync(client, "/api/registries/beneficiaries", new
        {
            surname = "Δοκιμαστική " + GreekLetters(i), firstName = "Ελένη", noDocumentReason = "Αιτούσα άσυλο χωρίς έγγραφα", birthDate = new DateOnly(1950 + i % 50, 1 + i % 12, 1 + i % 28), sex = "female",
            municipalityId = DemoUsers.Trikala, centreId = DemoUsers.Centre, consents = new[] { "processingOfPersonalData", "sharingWithReferralTargets" },
            confirmNotDuplicate = true,
        });
        var referral = await PostAsync(client, "/api/referrals", new { commandId = Guid.NewGuid(), beneficiaryId = person, targetKind = "programme", targetId = kea, reason = "ΚΕΑ" });
        foreach (var trigger in walks[i % walks.Length])
        {
            await PostAsync(client, $"/api/workflows/instances/{referral}/triggers/{trigger}", new { commandId = Guid.NewGuid(), input = new { note = "bench", reason = "bench" } });
        }
    });

    // Copies of the open referrals' rows (new ids; a third made overdue) until 10,000 are open: the pages read these rows.
    await using var conn = new NpgsqlConnection(factory.ConnectionString);
    await conn.OpenAsync();
    await using var copy = new NpgsqlCommand("""
        INSERT INTO workflows.instances
        SELECT gen_random_uuid(), i.definition, i.definition_version, i.state, i.status, i.revision, i.centre_id, i.subject_id, i.policy_key, i.data,
               i.task_role, CASE WHEN n % 3 = 0 THEN now() - (n % 20) * interval '1 day' ELSE now() + (n % 20) * interval '1 day' END,
               i.attention, i.attention_at, i.state_entered_at - (n % 40) * interval '1 day', i.created_at, i.created_by, i.updated_at, i.completed_at,
               i.incident_trigger, i.incident_input, i.incident_actor, i.incident_error, i.incident_at, i.incident_command_id
        FROM generate_series(1, $1) n
        JOIN LATERAL (SELECT * FROM workflows.instances WHERE definition = 'referral' AND status = 'Active'
                      ORDER BY id OFFSET (n % (SELECT count(*) FROM workflows.instances WHERE definition = 'referral' AND status = 'Active')) LIMIT 1) i ON true
        """, conn);
    var have = (int)await ScalarAsync(factory.ConnectionString, "SELECT count(*) FROM workflows.instances WHERE definition = 'referral' AND status = 'Active'");
    copy.Parameters.Add(new NpgsqlParameter { Value = OpenReferrals - have });
    copy.CommandTimeout = 300;
    await copy.ExecuteNonQueryAsync();
    await using var analyze = new NpgsqlCommand("ANALYZE workflows.instances", conn);
    await analyze.ExecuteNonQueryAsync();
}

// 0 → «Α», 25 → «ΑΒ»…: distinct surnames of letters only
static string GreekLetters(int n)
{
    const string letters = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ";
    var text = "";
    do
    {
        text = letters[n % letters.Length] + text;
        n /= letters.Length;
    }
    while (n > 0);
    return text;
}

static async Task<long> JsonNumberAsync(HttpClient client, string path, params string[] properties)
{
    using var response = await client.GetAsync(path);
    response.EnsureSuccessStatusCode();
    var element = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    foreach (var property in properties)
    {
        element = element.GetProperty(property);
    }
    return element.GetInt64();
}

static async Task<Guid> PostAsync(HttpClient client, string path, object body)
{
    using var response = await client.PostAsJsonAsync(path, body);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    }
    return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
}

// users made as the tests make them, each signed in through /api/identity/login (supervisors with their second factor)
static async Task<HttpClient[]> SignInAsync(PlatformFactory factory, Uri address, string role, Guid? centre, Guid? municipality, string prefix)
{
    var clients = new HttpClient[Users];
    for (var i = 0; i < Users; i++)
    {
        var user = $"{prefix}{i:D2}";
        using (var maker = factory.ClientAs(role, centre, user, municipality))
        {
            (await maker.GetAsync("/health/live")).Dispose(); // the first request makes the user
        }
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(user));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("el-GR");
        clients[i] = client;
    }
    return clients;
}

// every user sends requests back to back for the phase; latencies of successful responses, errors counted
static async Task<Phase> RunAsync(HttpClient[] users, string path, TimeSpan length)
{
    var latencies = new List<double>[users.Length];
    var errors = 0;
    var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
    await Task.WhenAll(users.Select((client, u) => Task.Run(async () =>
    {
        var mine = latencies[u] = [];
        while (Stopwatch.GetTimestamp() < end)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.IsSuccessStatusCode)
            {
                mine.Add(elapsed);
            }
            else
            {
                Interlocked.Increment(ref errors);
            }
        }
    })));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return all.Length == 0 ? new Phase(0, double.NaN, double.NaN, errors) : new Phase(all.Length, Percentile(all, 0.50), Percentile(all, 0.95), errors);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static async Task<long> ScalarAsync(string cs, string sql)
{
    await using var conn = new NpgsqlConnection(cs);
    await conn.OpenAsync();
    await using var command = new NpgsqlCommand(sql, conn);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}

internal sealed record Phase(int Count, double P50, double P95, int Errors);
