using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bogus;
using Npgsql;
using Platform.Testing;

namespace Platform.Supervision.Tests;

/// <summary>
/// R23: the annual operation report. A year of data is generated (seeded, so every run makes the same year): people
/// registered across the year's edges in Athens time, a team that comes and goes, premises, annexes and mobile units, a
/// regulation amended twice. Every figure the report gives is then compared with a count taken straight from the
/// database by SQL written here, independently of the modules' code.
/// </summary>
public sealed class AnnualReportTests : PlatformHost
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");
    private static readonly Guid Pyli = DemoUsers.Pyli;
    private static readonly Guid Meteora = new("0b5e7a10-0000-4000-8000-000000000003");
    private static readonly Guid Farkadona = new("0b5e7a10-0000-4000-8000-000000000004");
    private static readonly TimeZoneInfo Athens = TimeZoneInfo.FindSystemTimeZoneById("Europe/Athens");

    private static readonly string[] Groups =
    [
        "Poverty", "LongTermUnemployed", "Homeless", "MigrantOrRefugee", "Roma", "PersonWithDisability", "ElderlyLivingAlone",
        "SingleParentFamily", "LargeFamily", "SubstanceDependence", "DomesticViolenceVictim", "FormerPrisoner", "UnaccompaniedMinor", "ChronicIllness",
    ];

    private static readonly string[] Specialties =
        ["SocialWorker", "Psychologist", "SocialScientist", "HealthVisitorOrNurse", "EconomistOrBusiness", "LearningSupport", "RomaOrVulnerableGroupsMediator", "Other"];

    private static readonly string[] SpaceKinds = ["Reception", "Waiting", "Processing", "PublicToilet", "StaffToilet", "EventsSpace", "Office"];

    /// <summary>The last finished year.</summary>
    private static readonly int Year = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Athens).Year - 1;

    private static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Every_figure_of_a_generated_year_equals_an_independent_count_from_the_database()
    {
        var faker = new Faker("el") { Random = new Randomizer(20_231) };
        var otherCentre = await AnotherCentreAsync();
        await RegistrationsAsync(faker, otherCentre);
        await TeamAsync(faker);
        await PremisesAsync(faker);
        await AnnexesAndMobileUnitsAsync(faker);
        await RegulationAsync();

        var report = await JsonAsync(await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}"));
        Assert.False(report.GetProperty("partial").GetBoolean());
        Assert.Equal($"{Year}-01-01", report.GetProperty("from").GetString());
        Assert.Equal($"{Year}-12-31", report.GetProperty("to").GetString());

        var sections = report.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(
            ["beneficiaries", "referrals", "follow-ups", "assisted-applications", "staffing", "premises", "annexes-and-mobile-units", "operating-regulation"],
            sections.Select(s => s.GetProperty("key").GetString()));

        // The referral sections come from the Referrals module; their figures are compared with the database by
        // Platform.Referrals.Tests (ReportAndWorkloadTests) over a year of referrals it makes itself.
        var fromReferrals = new[] { "referrals", "follow-ups", "assisted-applications" };
        Assert.All(sections.Where(s => fromReferrals.Contains(s.GetProperty("key").GetString())), s => Assert.True(s.GetProperty("available").GetBoolean()));

        var compared = 0;
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        foreach (var section in sections.Where(s => s.GetProperty("available").GetBoolean() && !fromReferrals.Contains(s.GetProperty("key").GetString())))
        {
            var key = section.GetProperty("key").GetString()!;
            foreach (var figure in section.GetProperty("figures").EnumerateArray())
            {
                var figureKey = figure.GetProperty("key").GetString()!;
                var expected = await CountAsync(conn, IndependentSql(key, figureKey));
                Assert.True(expected == figure.GetProperty("value").GetInt64(),
                    $"{key}/{figureKey}: the report says {figure.GetProperty("value").GetInt64()}, the database {expected}");
                compared++;
            }
        }

        // The generated year is not empty: the comparison means something.
        long Figure(string section, string key) => sections.Single(s => s.GetProperty("key").GetString() == section)
            .GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key).GetProperty("value").GetInt64();
        Assert.InRange(Figure("beneficiaries", "registered"), 300, 700);
        Assert.InRange(Figure("staffing", "days-in-breach:R12"), 1, 364);
        Assert.InRange(Figure("staffing", "days-in-breach:R13"), 1, 364);
        Assert.InRange(Figure("annexes-and-mobile-units", "dated-visits"), 1, 100);
        Assert.True(compared >= 50, $"only {compared} figures compared");
    }

    /// <summary>The SQL that counts each figure, written from the rules (R8, R12–R13, R15–R19, R23), not from the modules' code.</summary>
    private static string IndependentSql(string section, string figure)
    {
        const string From = "make_date(@year, 1, 1)", To = "make_date(@year, 12, 31)";
        const string Overlaps = $"start_date <= {To} AND (end_date IS NULL OR end_date >= {From})";
        const string OverlapDays = $"least(coalesce(end_date, {To}), {To}) - greatest(start_date, {From}) + 1";
        const string Registered = $"FROM registries.beneficiaries WHERE centre_id = @centre AND (registered_at AT TIME ZONE 'Europe/Athens')::date BETWEEN {From} AND {To}";
        const string Required = "(SELECT CASE WHEN m.population < 40000 THEN 2 WHEN m.population <= 100000 THEN 3 ELSE 4 END FROM registries.bodies b JOIN registries.municipalities m ON m.id = b.municipality_id WHERE b.id = @centre)";
        const string Days = $"(SELECT generate_series({From}, {To}, interval '1 day')::date AS d) days";
        const string Serving = "FROM staffing.staff_members s WHERE s.centre_id = @centre AND s.start_date <= d AND (s.end_date IS NULL OR s.end_date >= d)";
        const string BelowSize = $"(SELECT count(*) {Serving}) < {Required}";
        const string NoHead = $"NOT EXISTS (SELECT 1 {Serving} AND s.is_head AND s.specialty = 'SocialWorker')";
        const string Spaces = "FROM premises.spaces x JOIN premises.sites s ON s.id = x.site_id WHERE s.centre_id = @centre";
        const string Outposts = $"FROM premises.outposts WHERE centre_id = @centre AND {Overlaps}";
        const string Units = $"SELECT id FROM premises.outposts WHERE centre_id = @centre AND kind = 'MobileUnit' AND {Overlaps}";
        return (section, figure) switch
        {
            ("beneficiaries", "registered") => $"SELECT count(*) {Registered}",
            ("beneficiaries", "category:none") => $"SELECT count(*) {Registered} AND cardinality(categories) = 0",
            ("beneficiaries", var f) when f.StartsWith("category:", StringComparison.Ordinal) =>
                $"SELECT count(*) {Registered} AND '{Pascal(f["category:".Length..])}' = ANY(categories)",

            ("staffing", "required-team-size") => $"SELECT {Required}",
            ("staffing", "days") => $"SELECT {To} - {From} + 1",
            ("staffing", "days-in-breach:R12") => $"SELECT count(*) FROM {Days} WHERE {BelowSize}",
            ("staffing", "days-in-breach:R13") => $"SELECT count(*) FROM {Days} WHERE {NoHead}",
            ("staffing", "days-compliant") => $"SELECT count(*) FROM {Days} WHERE NOT ({BelowSize}) AND NOT ({NoHead})",
            ("staffing", "positions-served") => $"SELECT count(*) FROM staffing.staff_members WHERE centre_id = @centre AND {Overlaps}",
            ("staffing", "positions-at-end") => $"SELECT count(*) FROM staffing.staff_members WHERE centre_id = @centre AND start_date <= {To} AND (end_date IS NULL OR end_date >= {To})",
            ("staffing", "positions-started") => $"SELECT count(*) FROM staffing.staff_members WHERE centre_id = @centre AND start_date BETWEEN {From} AND {To}",
            ("staffing", "positions-ended") => $"SELECT count(*) FROM staffing.staff_members WHERE centre_id = @centre AND end_date BETWEEN {From} AND {To}",
            ("staffing", "staff-days") => $"SELECT coalesce(sum({OverlapDays}), 0) FROM staffing.staff_members WHERE centre_id = @centre AND {Overlaps}",
            ("staffing", var f) when f.StartsWith("specialty:", StringComparison.Ordinal) =>
                $"SELECT count(*) FROM staffing.staff_members WHERE centre_id = @centre AND {Overlaps} AND specialty = '{Pascal(f["specialty:".Length..])}'",

            ("premises", "sites") => "SELECT count(*) FROM premises.sites WHERE centre_id = @centre",
            ("premises", "spaces") => $"SELECT count(*) {Spaces}",
            ("premises", "inaccessible-spaces") => $"SELECT count(*) {Spaces} AND NOT x.accessible",
            ("premises", "missing-mandatory-spaces") =>
                $"SELECT count(*) FROM unnest(ARRAY['Reception','Waiting','Processing','PublicToilet','StaffToilet']) k WHERE NOT EXISTS (SELECT 1 {Spaces} AND x.kind = k)",
            ("premises", "sites-not-distinct") => "SELECT count(*) FROM premises.sites WHERE centre_id = @centre AND NOT \"distinct\"",

            ("annexes-and-mobile-units", "annexes") => $"SELECT count(*) {Outposts} AND kind = 'Annex'",
            ("annexes-and-mobile-units", "former-roma-support-centres") => $"SELECT count(*) {Outposts} AND kind = 'Annex' AND former_roma_support_centre",
            ("annexes-and-mobile-units", "annex-days") => $"SELECT coalesce(sum({OverlapDays}), 0) {Outposts} AND kind = 'Annex'",
            ("annexes-and-mobile-units", "mobile-units") => $"SELECT count(*) {Outposts} AND kind = 'MobileUnit'",
            ("annexes-and-mobile-units", "mobile-unit-days") => $"SELECT coalesce(sum({OverlapDays}), 0) {Outposts} AND kind = 'MobileUnit'",
            ("annexes-and-mobile-units", "municipalities-served-by-mobile-units") =>
                $"SELECT count(DISTINCT municipality_id) FROM premises.outpost_areas WHERE outpost_id IN ({Units})",
            ("annexes-and-mobile-units", "settlements-served") =>
                $"SELECT count(DISTINCT (municipality_id, lower(settlement))) FROM premises.outpost_areas WHERE settlement IS NOT NULL AND outpost_id IN (SELECT id {Outposts})",
            ("annexes-and-mobile-units", "weekly-visits") => $"SELECT count(*) FROM premises.mobile_unit_visits WHERE weekday IS NOT NULL AND outpost_id IN ({Units})",
            ("annexes-and-mobile-units", "dated-visits") =>
                $"SELECT count(*) FROM premises.mobile_unit_visits WHERE on_date BETWEEN {From} AND {To} AND outpost_id IN ({Units})",
            ("annexes-and-mobile-units", var f) when f.StartsWith("days-working:", StringComparison.Ordinal) =>
                $"SELECT {OverlapDays} FROM premises.outposts WHERE id = '{Guid.Parse(f["days-working:".Length..])}'",

            ("operating-regulation", "version-in-force") => $"SELECT coalesce(max(number), 0) FROM supervision.regulation_versions WHERE centre_id = @centre AND adopted_on <= {To}",
            ("operating-regulation", "amendments-adopted") =>
                $"SELECT count(*) FROM supervision.regulation_versions WHERE centre_id = @centre AND number > 1 AND adopted_on BETWEEN {From} AND {To}",
            ("operating-regulation", "versions-filed") => $"SELECT count(*) FROM supervision.regulation_versions WHERE centre_id = @centre AND filed_on BETWEEN {From} AND {To}",
            ("operating-regulation", "versions-unfiled") =>
                $"SELECT count(*) FROM supervision.regulation_versions WHERE centre_id = @centre AND adopted_on <= {To} AND (filed_on IS NULL OR filed_on > {To})",

            _ => throw new Xunit.Sdk.XunitException($"No independent count for {section}/{figure}: add one before adding the figure."),
        };

        static string Pascal(string camel) => char.ToUpperInvariant(camel[0]) + camel[1..];
    }

    private static async Task<long> CountAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("centre", Centre);
        cmd.Parameters.AddWithValue("year", Year);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task<Guid> AnotherCentreAsync()
    {
        var body = await JsonAsync(await Client.PostAsJsonAsync("/api/registries/bodies", new
        {
            name = "Κέντρο Κοινότητας Δήμου Μετεώρων", kind = "communityCentre", legalForm = "municipality", municipalityId = Meteora,
        }));
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// People registered from ten days before the year to ten days after it, at this centre and another; a few exactly on
    /// the year's edges in Athens time (the year starts at 22:00 UTC on 31 December, 21:00 in summer time never applies).
    /// </summary>
    private async Task RegistrationsAsync(Faker faker, Guid otherCentre)
    {
        var start = new DateTimeOffset(Year - 1, 12, 22, 0, 0, 0, TimeSpan.Zero);
        var span = (new DateTimeOffset(Year + 1, 1, 10, 0, 0, 0, TimeSpan.Zero) - start).TotalSeconds;
        var firstInstant = new DateTimeOffset(Year - 1, 12, 31, 22, 0, 0, TimeSpan.Zero);
        var lastInstant = new DateTimeOffset(Year, 12, 31, 21, 59, 59, TimeSpan.Zero);
        var people = Enumerable.Range(0, 520).Select(i => (At: start.AddSeconds(faker.Random.Double() * span), Centre: i % 8 == 0 ? otherCentre : Centre)).ToList();
        people.AddRange([(firstInstant, Centre), (firstInstant.AddSeconds(-1), Centre), (lastInstant, Centre), (lastInstant.AddSeconds(1), Centre)]);

        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO registries.beneficiaries (id, surname, first_name, birth_date, sex, languages, categories, registered_at, registered_by,
                                                 surname_key, first_name_key, centre_id, municipality_id)
            VALUES (gen_random_uuid(), @surname, @first, @birth, @sex, '{el}', @categories, @at, 'generator', lower(@surname), lower(@first), @centre, @municipality)
            """, conn, tx);
        foreach (var (at, centre) in people)
        {
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("surname", faker.Name.LastName());
            cmd.Parameters.AddWithValue("first", faker.Name.FirstName());
            cmd.Parameters.AddWithValue("birth", DateOnly.FromDateTime(faker.Date.Past(80, new DateTime(Year - 18, 1, 1))));
            cmd.Parameters.AddWithValue("sex", faker.PickRandom("Female", "Male"));
            cmd.Parameters.AddWithValue("categories", faker.Random.ArrayElements(Groups, faker.Random.WeightedRandom([0, 1, 2, 3], [.2f, .45f, .25f, .1f])));
            cmd.Parameters.AddWithValue("at", at);
            cmd.Parameters.AddWithValue("centre", centre);
            cmd.Parameters.AddWithValue("municipality", Trikala);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>
    /// Positions that come and go across the year, through the API (R12–R14). The head is added last (adding a head
    /// moves the role): a social worker who starts after the year has begun and leaves before it ends.
    /// </summary>
    private async Task TeamAsync(Faker faker)
    {
        async Task Add(int i, string specialty, bool head, DateOnly start, DateOnly? end) =>
            await JsonAsync(await Client.PostAsJsonAsync($"/api/staffing/centres/{Centre}/staff", new
            {
                reference = $"ΣΟΧ-{i + 1:D2}/{Year}", specialty = Camel(specialty), isHead = head,
                startDate = Iso(start), endDate = end is null ? null : Iso(end.Value),
            }));

        for (var i = 0; i < 7; i++)
        {
            var start = new DateOnly(Year, 1, 1).AddDays(faker.Random.Int(-90, 250));
            await Add(i, i < 2 ? "SocialWorker" : faker.PickRandom(Specialties), false, start,
                faker.Random.Bool() ? start.AddDays(faker.Random.Int(60, 300)) : null);
        }

        await Add(7, "SocialWorker", true, new DateOnly(Year, 3, 1).AddDays(faker.Random.Int(0, 60)), new DateOnly(Year, 11, 30).AddDays(-faker.Random.Int(0, 30)));
    }

    private async Task PremisesAsync(Faker faker)
    {
        for (var i = 0; i < 2; i++)
        {
            var kinds = faker.Random.ArrayElements(SpaceKinds, faker.Random.Int(3, SpaceKinds.Length));
            await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/sites", new
            {
                street = faker.Address.StreetAddress(), city = "Τρίκαλα", ownership = faker.PickRandom("municipalVacant", "rented", "municipal"),
                distinct = faker.Random.Bool(.7f), nearSocialService = faker.Random.Bool(), nearOtherStructures = faker.Random.Bool(),
                spaces = kinds.Select(k => new { kind = Camel(k), name = k, accessible = faker.Random.Bool(.75f) }).ToArray(),
            }));
        }
    }

    /// <summary>Two annexes and two mobile units with periods that start and end around the year, and their visits.</summary>
    private async Task AnnexesAndMobileUnitsAsync(Faker faker)
    {
        string[] settlements = ["Κηπάκι", "Λογγάκι", "Μπάρα", "Κλοκοτός", "Πύλη", "Αχλαδοχώρι"];
        for (var i = 0; i < 2; i++)
        {
            var start = new DateOnly(Year - 2, 1, 1).AddDays(faker.Random.Int(0, 900));
            DateOnly? end = i == 0 ? start.AddDays(faker.Random.Int(60, 500)) : null;
            await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", new
            {
                name = $"Παράρτημα {settlements[i]}", formerRomaSupportCentre = i == 1, reasons = i == 1 ? new[] { "roma" } : ["povertyPocket", "migrants"],
                municipalityId = Trikala, areas = new[] { new { municipalityId = Trikala, settlement = settlements[i] }, new { municipalityId = Trikala, settlement = settlements[2] } },
                startDate = Iso(start), endDate = end is null ? null : Iso(end.Value),
            }));
        }

        for (var i = 0; i < 2; i++)
        {
            var start = new DateOnly(Year - 1, 3, 1).AddDays(faker.Random.Int(0, 400));
            DateOnly? end = i == 0 ? start.AddDays(faker.Random.Int(200, 500)) : null;
            var last = end ?? new DateOnly(Year + 1, 6, 30);
            var dated = Enumerable.Range(0, 14).Select(_ => start.AddDays(faker.Random.Int(0, last.DayNumber - start.DayNumber))).Distinct()
                .Select(d => new { municipalityId = Farkadona, settlement = "Κλοκοτός", weekday = (string?)null, on = (string?)Iso(d), from = "10:00:00", to = "12:00:00" });
            await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/mobile-units", new
            {
                name = $"Κινητή Μονάδα {i + 1}", noEasyAccess = "Ορεινοί οικισμοί χωρίς συγκοινωνία προς τα Τρίκαλα.",
                areas = new object[] { new { municipalityId = Farkadona, settlement = "Κλοκοτός" }, new { municipalityId = i == 0 ? Pyli : Farkadona, settlement = (string?)null } },
                schedule = dated.Append(new { municipalityId = Farkadona, settlement = "Κλοκοτός", weekday = (string?)"tuesday", on = (string?)null, from = "09:00:00", to = "13:00:00" }).ToArray(),
                startDate = Iso(start), endDate = end is null ? null : Iso(end.Value),
            }));
        }
    }

    /// <summary>Version 1 before the year; an amendment adopted and filed in it; another adopted late in it and not filed.</summary>
    private async Task RegulationAsync()
    {
        async Task Upload(string adoptedOn, string decision, string? filedOn)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(adoptedOn), "adoptedOn");
            form.Add(new StringContent(decision), "decisionNumber");
            if (filedOn is not null)
            {
                form.Add(new StringContent(filedOn), "filedOn");
                form.Add(new StringContent("ΔΚΑΑ/" + decision), "protocolNumber");
            }

            var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "document", "kanonismos.pdf");
            await JsonAsync(await Client.PostAsync($"/api/supervision/centres/{Centre}/regulation", form));
        }

        await Upload($"{Year - 1}-03-01", $"10/{Year - 1}", $"{Year - 1}-03-10");
        await Upload($"{Year}-04-15", $"55/{Year}", $"{Year}-05-02");
        await Upload($"{Year}-11-20", $"130/{Year}", null);
    }

    [Fact]
    public async Task The_report_exports_as_csv_for_excel_and_prints_in_greek_or_english()
    {
        await RegistrationsAsync(new Faker("el") { Random = new Randomizer(7) }, await AnotherCentreAsync());
        var json = await JsonAsync(await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}"));
        var registered = json.GetProperty("sections")[0].GetProperty("figures")[0].GetProperty("value").GetInt64();

        var csv = await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}/export.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Ενότητα;Ομάδα;Κωδικός;Δείκτης;Τιμή", lines[0]);
        Assert.Contains(lines, l => l == $"Ωφελούμενοι που καταγράφηκαν;;beneficiaries/registered;Ωφελούμενοι που καταγράφηκαν;{registered}");
        Assert.Contains(lines, l => l == "Παραπομπές;;referrals/made;Παραπομπές που έγιναν;0");
        Assert.Equal($"apologismos-{Year}.csv", csv.Content.Headers.ContentDisposition!.FileName?.Trim('"'));

        using var english = new HttpRequestMessage(HttpMethod.Get, $"/api/supervision/centres/{Centre}/annual-reports/{Year}/export.csv");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var englishLines = Encoding.UTF8.GetString((await (await Client.SendAsync(english)).Content.ReadAsByteArrayAsync())[3..]).Split("\r\n");
        Assert.Equal("Section;Group;Key;Figure;Value", englishLines[0]);

        var page = await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}/print");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"el\">", html, StringComparison.Ordinal);
        Assert.Contains($"Ετήσιος Απολογισμός Λειτουργίας {Year}", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-key=\"registered\"><td>Ωφελούμενοι που καταγράφηκαν</td><td class=\"value\">{registered.ToString("N0", CultureInfo.GetCultureInfo("el-GR"))}</td></tr>", html, StringComparison.Ordinal);

        using var englishPage = new HttpRequestMessage(HttpMethod.Get, $"/api/supervision/centres/{Centre}/annual-reports/{Year}/print");
        englishPage.Headers.AcceptLanguage.ParseAdd("en");
        Assert.Contains($"Annual operation report {Year}", await (await Client.SendAsync(englishPage)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // ?lang= wins over the browser's language.
        using var greekLink = new HttpRequestMessage(HttpMethod.Get, $"/api/supervision/centres/{Centre}/annual-reports/{Year}/print?lang=el");
        greekLink.Headers.AcceptLanguage.ParseAdd("en");
        Assert.Contains("<html lang=\"el\">", await (await Client.SendAsync(greekLink)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filed_report_keeps_its_figures_and_a_year_is_filed_once()
    {
        await RegistrationsAsync(new Faker("el") { Random = new Randomizer(11) }, await AnotherCentreAsync());
        var filing = await Client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}/filing",
            new { filedOn = $"{Year + 1}-02-15", protocolNumber = "ΔΚΑΑ/555" });
        Assert.Equal(HttpStatusCode.Created, filing.StatusCode);
        var filed = await JsonAsync(filing);
        Assert.Matches("^[0-9a-f]{64}$", filed.GetProperty("snapshotSha256").GetString());

        // Data corrected after filing changes the generated report, not the filed one.
        var before = await Database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE centre_id = '{Centre}' AND (registered_at AT TIME ZONE 'Europe/Athens')::date BETWEEN make_date({Year},1,1) AND make_date({Year},12,31)");
        await Database.ScalarAsync<long>($"WITH d AS (DELETE FROM registries.beneficiaries WHERE id IN (SELECT id FROM registries.beneficiaries WHERE centre_id = '{Centre}' AND registered_at BETWEEN '{Year}-03-01' AND '{Year}-10-01' LIMIT 5) RETURNING 1) SELECT count(*) FROM d");
        var kept = await JsonAsync(await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}/filing"));
        Assert.Equal(before, kept.GetProperty("report").GetProperty("sections")[0].GetProperty("figures")[0].GetProperty("value").GetInt64());
        var now = await JsonAsync(await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}"));
        Assert.Equal(before - 5, now.GetProperty("sections")[0].GetProperty("figures")[0].GetProperty("value").GetInt64());

        // The same filing again is the same filing; another one for the year is a conflict; the running year cannot be filed.
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}/filing",
            new { filedOn = $"{Year + 1}-02-15", protocolNumber = "ΔΚΑΑ/555" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year}/filing",
            new { filedOn = $"{Year + 1}-02-16", protocolNumber = "ΔΚΑΑ/556" })).StatusCode);
        var running = await Client.PostAsJsonAsync($"/api/supervision/centres/{Centre}/annual-reports/{Year + 1}/filing",
            new { filedOn = $"{Year + 1}-02-16", protocolNumber = "ΔΚΑΑ/557" });
        Assert.Equal(HttpStatusCode.BadRequest, running.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync($"/api/supervision/centres/{Centre}/annual-reports/2010")).StatusCode);
    }
}
