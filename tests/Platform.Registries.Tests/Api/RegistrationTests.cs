using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.BuildingBlocks.Identifiers;

namespace Platform.Registries.Tests.Api;

/// <summary>R26, R29: registering opens the file at once; bad input is refused field by field and leaves nothing behind.</summary>
public sealed class RegistrationTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Client => platform.Client;

    [Fact]
    public async Task Registration_opens_the_file_with_a_timeline_and_audits_the_reads()
    {
        var id = await platform.RegisterAsync(PlatformFixture.Person("Αναστασίου", "Σοφία"));

        var file = await (await Client.GetAsync($"/api/registries/beneficiaries/{id}")).ReadJsonAsync();
        Assert.Equal("Αναστασίου", file.GetProperty("profile").GetProperty("surname").GetString());
        Assert.Equal(id, file.GetProperty("summary").GetProperty("beneficiaryId").GetGuid());
        Assert.Equal(1, file.GetProperty("summary").GetProperty("activeConsents").GetInt32());
        Assert.Equal("processingOfPersonalData", file.GetProperty("consents")[0].GetProperty("purpose").GetString());

        var timeline = await (await Client.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).ReadJsonAsync();
        Assert.Equal("registered", timeline[0].GetProperty("kind").GetString());

        var reads = await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'read'");
        var creates = await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'create'");
        Assert.Equal(2, reads);
        Assert.Equal(1, creates);
    }

    [Fact]
    public async Task Invalid_amka_afm_and_birth_date_are_refused_naming_each_field_and_nothing_is_written()
    {
        var before = await CountsAsync();
        var person = PlatformFixture.Person();
        person["amka"] = "15038501234"; // Luhn digit wrong (…33 is valid)
        person["afm"] = "123456789";    // check digit wrong (…783 is valid)
        person["birthDate"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("amka", out _));
        Assert.True(errors.TryGetProperty("afm", out _));
        Assert.True(errors.TryGetProperty("birthDate", out _));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_amka_that_does_not_start_with_the_birth_date_is_refused()
    {
        var person = PlatformFixture.Person(birth: new DateOnly(1985, 3, 15));
        person["amka"] = Amka.Compute(new DateOnly(1985, 3, 16), 1234);

        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("amka")[0].GetString();
        Assert.Contains("ΗΗΜΜΕΕ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_impossible_date_or_unknown_value_names_the_field_in_the_callers_language()
    {
        var person = PlatformFixture.Person();
        person["birthDate"] = "1985-02-30";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registries/beneficiaries") { Content = JsonContent.Create(person) };
        request.Headers.AcceptLanguage.ParseAdd("en-GB");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("The data is not valid.", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("birthDate", out _));
    }

    [Fact]
    public async Task Greek_is_the_default_language_of_errors()
    {
        var person = PlatformFixture.Person();
        person["surname"] = "";
        var problem = await (await Client.PostAsJsonAsync("/api/registries/beneficiaries", person)).ReadJsonAsync();
        Assert.Equal("Το επώνυμο είναι υποχρεωτικό.", problem.GetProperty("errors").GetProperty("surname")[0].GetString());
    }

    [Fact]
    public async Task The_same_amka_twice_is_409_with_the_first_files_id()
    {
        var person = PlatformFixture.Person("Οικονόμου", "Πέτρος");
        var first = await platform.RegisterAsync(person);
        var again = PlatformFixture.Person("Άλλος", "Κάποιος", birth: DateOnly.Parse(person["birthDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        again["amka"] = person["amka"]!.GetValue<string>();

        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", again);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(first, problem.GetProperty("existingId").GetGuid());
        Assert.EndsWith("duplicate-amka", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_afm_twice_is_409_with_the_first_files_id()
    {
        var person = PlatformFixture.Person("Ζαχαρίου", "Νίκη");
        person["afm"] = Afm.Compute(40_000_000 + Random.Shared.Next(9_999_999));
        var first = await platform.RegisterAsync(person);
        var again = PlatformFixture.Person("Ξένος", "Άγγελος");
        again["afm"] = person["afm"]!.GetValue<string>();

        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", again);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(first, (await response.ReadJsonAsync()).GetProperty("existingId").GetGuid());
    }

    [Fact]
    public async Task A_near_duplicate_name_needs_an_explicit_register_anyway()
    {
        var birth = new DateOnly(1972, 5, 9);
        var first = await platform.RegisterAsync(PlatformFixture.Person("Χατζηγεωργίου", "Ευάγγελος", birth));
        // Greeklish, another day of the same year, no AMKA (a passport instead).
        var near = PlatformFixture.Person("Chatzigeorgiou", "Evangelos", new DateOnly(1972, 11, 2), withAmka: false);

        var refused = await Client.PostAsJsonAsync("/api/registries/beneficiaries", near);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        Assert.EndsWith("possible-duplicate", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("matches").EnumerateArray(), m => m.GetProperty("id").GetGuid() == first);
        Assert.Equal(0, await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries WHERE surname = 'Chatzigeorgiou'"));

        near["confirmNotDuplicate"] = true;
        var id = await platform.RegisterAsync(near);
        var timeline = await (await Client.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).ReadJsonAsync();
        Assert.Equal("registered-despite-possible-duplicates", timeline[0].GetProperty("kind").GetString());
        Assert.Contains(first.ToString(), timeline[0].GetProperty("reference").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_name_and_birth_date_is_a_likely_duplicate_even_with_another_amka()
    {
        var birth = new DateOnly(1990, 1, 20);
        await platform.RegisterAsync(PlatformFixture.Person("Μαυρίδης", "Στέλιος", birth));
        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", PlatformFixture.Person("ΜΑΥΡΙΔΗΣ", "ΣΤΕΛΙΟΣ", birth));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("same-name-and-birth-date", (await response.ReadJsonAsync()).GetProperty("matches")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_command_id_returns_the_same_file()
    {
        var person = PlatformFixture.Person("Δημητρίου", "Άρτεμις");
        person["commandId"] = Guid.NewGuid();

        var first = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        var second = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("id").GetGuid(), (await second.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(1, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE amka = '{person["amka"]}'"));

        // The same command id for someone else is a client bug, not a retry.
        var other = PlatformFixture.Person("Άλλη", "Κυρία");
        other["commandId"] = person["commandId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync("/api/registries/beneficiaries", other)).StatusCode);
    }

    [Fact]
    public async Task A_person_without_amka_needs_a_document_or_a_reason()
    {
        var person = PlatformFixture.Person(withAmka: false);
        person.Remove("documentKind");
        person.Remove("documentNumber");
        var refused = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ReadJsonAsync()).GetProperty("errors").TryGetProperty("documentNumber", out _));

        person["noDocumentReason"] = "Άστεγος χωρίς έγγραφα· εκκρεμεί έκδοση ταυτότητας.";
        person["surname"] = "Αστεγίδης";
        person["confirmNotDuplicate"] = true;
        Assert.NotEqual(Guid.Empty, await platform.RegisterAsync(person));
    }

    [Fact]
    public async Task Profile_changes_are_optimistic_and_on_the_timeline()
    {
        var id = await platform.RegisterAsync(PlatformFixture.Person("Λαμπράκη", "Ειρήνη"));
        var file = await (await Client.GetAsync($"/api/registries/beneficiaries/{id}")).ReadJsonAsync();
        var profile = JsonNode.Parse(file.GetProperty("profile").GetRawText())!.AsObject();
        profile["phone"] = "6912345678";
        profile["categories"] = new JsonArray("poverty", "homeless");
        profile["expectedVersion"] = file.GetProperty("version").GetUInt32();

        var ok = await Client.PutAsJsonAsync($"/api/registries/beneficiaries/{id}", profile);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var changed = (await ok.ReadJsonAsync()).GetProperty("changed").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["phone", "categories"], changed);

        var stale = await Client.PutAsJsonAsync($"/api/registries/beneficiaries/{id}", profile);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var timeline = await (await Client.GetAsync($"/api/registries/beneficiaries/{id}/timeline")).ReadJsonAsync();
        Assert.Equal("profile-updated", timeline[0].GetProperty("kind").GetString());
        Assert.Contains("homeless", (await (await Client.GetAsync($"/api/registries/beneficiaries/{id}")).ReadJsonAsync())
            .GetProperty("summary").GetProperty("categories").EnumerateArray().Select(c => c.GetString()!.ToLowerInvariant()));
    }

    [Fact]
    public async Task Household_links_go_both_ways_and_consents_can_be_withdrawn()
    {
        var mother = await platform.RegisterAsync(PlatformFixture.Person("Σταύρου", "Αικατερίνη", new DateOnly(1975, 4, 4)));
        var child = await platform.RegisterAsync(PlatformFixture.Person("Σταύρου", "Μαρίνα", new DateOnly(2008, 8, 8)));

        var link = await Client.PostAsJsonAsync($"/api/registries/beneficiaries/{mother}/household", new { memberId = child, relation = "child" });
        Assert.Equal(HttpStatusCode.NoContent, link.StatusCode);

        var childFile = await (await Client.GetAsync($"/api/registries/beneficiaries/{child}")).ReadJsonAsync();
        Assert.Equal("parent", childFile.GetProperty("household")[0].GetProperty("relation").GetString());
        Assert.Equal(mother, childFile.GetProperty("household")[0].GetProperty("memberId").GetGuid());

        var consent = await (await Client.PostAsJsonAsync($"/api/registries/beneficiaries/{mother}/consents",
            new { purpose = "sharingWithReferralTargets" })).ReadJsonAsync();
        var withdrawn = await (await Client.PostAsync($"/api/registries/beneficiaries/{mother}/consents/{consent.GetProperty("id").GetGuid()}/withdraw", null)).ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, withdrawn.GetProperty("withdrawnAt").ValueKind);

        var kinds = (await (await Client.GetAsync($"/api/registries/beneficiaries/{mother}/timeline")).ReadJsonAsync())
            .EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["consent-withdrawn", "consent-recorded", "household-member-linked", "registered"], kinds);
    }

    [Fact]
    public async Task An_unknown_municipality_or_centre_is_refused_by_field()
    {
        var person = PlatformFixture.Person();
        person["municipalityId"] = Guid.NewGuid();
        person["centreId"] = Guid.NewGuid();
        var response = await Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("municipalityId", out _));
        Assert.True(errors.TryGetProperty("centreId", out _));
    }

    [Fact]
    public async Task Changing_an_amka_to_another_files_amka_is_409_and_changes_nothing()
    {
        var first = PlatformFixture.Person("Ιωαννίδου", "Βασιλική", new DateOnly(1966, 6, 6));
        var firstId = await platform.RegisterAsync(first);
        var secondId = await platform.RegisterAsync(PlatformFixture.Person("Κυριακίδης", "Παύλος", new DateOnly(1966, 6, 6)));
        var file = await (await Client.GetAsync($"/api/registries/beneficiaries/{secondId}")).ReadJsonAsync();
        var profile = JsonNode.Parse(file.GetProperty("profile").GetRawText())!.AsObject();
        profile["amka"] = first["amka"]!.GetValue<string>();
        profile["expectedVersion"] = file.GetProperty("version").GetUInt32();

        var response = await Client.PutAsJsonAsync($"/api/registries/beneficiaries/{secondId}", profile);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(firstId, (await response.ReadJsonAsync()).GetProperty("existingId").GetGuid());
        Assert.Equal(file.GetProperty("profile").GetProperty("amka").GetString(),
            (await (await Client.GetAsync($"/api/registries/beneficiaries/{secondId}")).ReadJsonAsync()).GetProperty("profile").GetProperty("amka").GetString());
    }

    [Fact]
    public async Task Racing_registrations_of_one_amka_open_one_file_and_the_rest_get_its_id()
    {
        var person = PlatformFixture.Person("Φραγκιαδάκη", "Ευτυχία");
        person["confirmNotDuplicate"] = true;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Client.PostAsJsonAsync("/api/registries/beneficiaries", JsonNode.Parse(person.ToJsonString()))));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Single(created);
        var id = (await created[0].ReadJsonAsync()).GetProperty("id").GetGuid();
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal(id, (await refused.ReadJsonAsync()).GetProperty("existingId").GetGuid());
        }

        Assert.Equal(1, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE amka = '{person["amka"]}'"));
        Assert.Equal(1, await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.audit_log WHERE action = 'create' AND entity_id = '{id}'"));
    }

    [Fact]
    public async Task Racing_registrations_of_one_person_without_amka_open_one_file_and_hold_the_rest_back()
    {
        // No ΑΜΚΑ/ΑΦΜ to collide on (passports, each another number): only the lock on surname key and birth year, taken
        // before the likely-duplicate check and held to the commit, keeps the six from all missing each other.
        var birth = new DateOnly(1977, 7, 7);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Client.PostAsJsonAsync("/api/registries/beneficiaries", PlatformFixture.Person("Θεοχαροπούλου", "Ασπασία", birth, withAmka: false))));

        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        foreach (var held in responses.Where(r => r != created))
        {
            Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
            var problem = await held.ReadJsonAsync();
            Assert.EndsWith("possible-duplicate", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Contains(problem.GetProperty("matches").EnumerateArray(), m => m.GetProperty("id").GetGuid() == id);
        }

        Assert.Equal(1, await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries WHERE surname = 'Θεοχαροπούλου'"));
    }

    [Fact]
    public async Task A_browser_set_to_greek_gets_greek_errors()
    {
        var person = PlatformFixture.Person();
        person["surname"] = "";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registries/beneficiaries") { Content = JsonContent.Create(person) };
        request.Headers.TryAddWithoutValidation("Accept-Language", "el,en-US;q=0.9,en;q=0.8");
        var problem = await (await Client.SendAsync(request)).ReadJsonAsync();
        Assert.Equal("Τα στοιχεία δεν είναι έγκυρα.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Odd_but_valid_input_never_ends_in_a_server_error()
    {
        // A 100-letter name whose search key is twice as long (ψ → ps), blank optional names.
        var person = PlatformFixture.Person(new string('Ψ', 100), "Ψυχή");
        person["fatherName"] = "";
        person["confirmNotDuplicate"] = true;
        Assert.NotEqual(Guid.Empty, await platform.RegisterAsync(person));

        var nullLanguage = PlatformFixture.Person();
        nullLanguage["languages"] = new JsonArray(null, "el");
        var refused = await Client.PostAsJsonAsync("/api/registries/beneficiaries", nullLanguage);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_problem_details_in_the_callers_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/registries/nothing-here");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found.", (await response.ReadJsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Doubled_consent_and_link_requests_make_one_consent_and_one_link()
    {
        var a = await platform.RegisterAsync(PlatformFixture.Person("Μπαλτά", "Ζωή", new DateOnly(1950, 2, 2)));
        var b = await platform.RegisterAsync(PlatformFixture.Person("Μπαλτάς", "Ηλίας", new DateOnly(1949, 3, 3)));

        var consents = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Client.PostAsJsonAsync($"/api/registries/beneficiaries/{a}/consents", new { purpose = "contactByEmail" })));
        Assert.All(consents, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var links = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Client.PostAsJsonAsync($"/api/registries/beneficiaries/{a}/household", new { memberId = b, relation = "spouse" })));
        Assert.All(links, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));

        Assert.Equal(1, await platform.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.consents WHERE beneficiary_id = '{a}' AND purpose = 'ContactByEmail' AND withdrawn_at IS NULL"));
        Assert.Equal(2, await platform.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM registries.household_links WHERE beneficiary_id IN ('{a}', '{b}')"));
    }

    [Fact]
    public async Task An_unknown_file_is_404_problem_details()
    {
        var response = await Client.GetAsync($"/api/registries/beneficiaries/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(long, long, long)> CountsAsync() => (
        await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries"),
        await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.audit_log WHERE action <> 'read' AND action <> 'search'"),
        await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.consents"));
}
