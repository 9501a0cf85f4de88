using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Premises.Tests;

/// <summary>R17–R19: annexes and mobile units attached to the demo community centre of Δήμος Τρικκαίων.</summary>
public sealed class AnnexAndMobileUnitTests : PlatformHost
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private static readonly Guid Trikala = new("0b5e7a10-0000-4000-8000-000000000001");   // has the community centre
    private static readonly Guid Pyli = DemoUsers.Pyli;      // no centre
    private static readonly Guid Farkadona = new("0b5e7a10-0000-4000-8000-000000000004"); // no centre
    private static readonly Guid RegistryAnnex = new("0b5e7a10-0000-4000-8000-000000000301");
    private static readonly Guid RegistryMobileUnit = new("0b5e7a10-0000-4000-8000-000000000302");
    private static readonly Guid SocialGrocery = new("0b5e7a10-0000-4000-8000-000000000303");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("errors");
    }

    private static object RomaAnnex(Guid? commandId = null, string name = "Παράρτημα Ρομά (Κηπάκι)") => new
    {
        commandId, name, bodyId = RegistryAnnex, formerRomaSupportCentre = true, reasons = new[] { "roma", "povertyPocket" },
        municipalityId = Trikala, street = "Κηπάκι 1", postalCode = "42100", city = "Τρίκαλα",
        areas = new[] { new { municipalityId = Trikala, settlement = "Κηπάκι" } }, startDate = "2017-03-01",
    };

    private static object MobileUnit(object[] schedule, Guid[]? municipalities = null) => new
    {
        name = "Κινητή Μονάδα Ορεινών Οικισμών", bodyId = RegistryMobileUnit,
        noEasyAccess = "Ορεινοί οικισμοί 40–60 λεπτά από τα Τρίκαλα, χωρίς τακτική συγκοινωνία.",
        areas = (municipalities ?? [Farkadona, Pyli]).Select(m => new { municipalityId = m, settlement = m == Farkadona ? "Κλοκοτός" : null }).ToArray(),
        schedule, startDate = "2024-01-15",
    };

    private static object Weekly(Guid municipality, string? settlement, string weekday, string from = "09:00:00", string to = "13:00:00") =>
        new { municipalityId = municipality, settlement, weekday, from, to };

    [Fact]
    public async Task An_annex_is_attached_to_its_centre_and_shows_on_the_centres_page_and_grain()
    {
        var created = await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", RomaAnnex());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var annex = await JsonAsync(created);
        Assert.True(annex.GetProperty("active").GetBoolean());
        Assert.Equal(["povertyPocket", "roma"], annex.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Δήμος Τρικκαίων", annex.GetProperty("areas")[0].GetProperty("municipalityName").GetString());

        var premises = await JsonAsync(await Client.GetAsync($"/api/premises/centres/{Centre}"));
        Assert.Equal(annex.GetProperty("id").GetGuid(), premises.GetProperty("annexes").EnumerateArray().Single().GetProperty("id").GetGuid());

        // The centre grain shows it at once (the change told the centre before the request returned).
        var figures = await JsonAsync(await Client.GetAsync($"/api/centres/{Centre}"));
        var shown = figures.GetProperty("annexes").EnumerateArray().Single();
        Assert.Equal("Παράρτημα Ρομά (Κηπάκι)", shown.GetProperty("name").GetString());
        Assert.True(shown.GetProperty("formerRomaSupportCentre").GetBoolean());
        Assert.Equal(1, shown.GetProperty("settlements").GetInt32());
        Assert.Empty(figures.GetProperty("mobileUnits").EnumerateArray());
    }

    [Fact]
    public async Task Another_centres_annex_or_mobile_unit_is_refused_by_id()
    {
        var annex = (await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", RomaAnnex()))).GetProperty("id").GetGuid();
        var unit = (await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/mobile-units",
            MobileUnit([Weekly(Farkadona, "Κλοκοτός", "tuesday")])))).GetProperty("id").GetGuid();

        using var elsewhere = Factory.ClientAs("CentreHead", Guid.NewGuid(), "head.elsewhere");
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetAsync($"/api/premises/annexes/{annex}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetAsync($"/api/premises/mobile-units/{unit}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/premises/annexes/{annex}")).StatusCode);
    }

    [Fact]
    public async Task An_annex_without_reason_municipality_or_areas_is_refused_field_by_field_in_greek_and_english()
    {
        var body = new { name = "Παράρτημα", formerRomaSupportCentre = true, reasons = Array.Empty<string>(), bodyId = RegistryMobileUnit };
        var greek = await ErrorsAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", body));
        foreach (var field in new[] { "reasons", "municipalityId", "areas", "startDate", "bodyId" })
        {
            Assert.True(greek.TryGetProperty(field, out _), $"no error for {field}: {greek}");
        }

        Assert.Contains("R17", greek.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Δηλώστε", greek.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);

        using var english = new HttpRequestMessage(HttpMethod.Post, $"/api/premises/centres/{Centre}/annexes") { Content = JsonContent.Create(body) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var errors = await ErrorsAsync(await Client.SendAsync(english));
        Assert.Equal("The registry body is not an annex.", errors.GetProperty("bodyId")[0].GetString());

        // A former Roma support centre names Roma among its reasons (R19).
        var notRoma = await ErrorsAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", new
        {
            name = "Παράρτημα", formerRomaSupportCentre = true, reasons = new[] { "migrants" }, municipalityId = Trikala,
            areas = new[] { new { municipalityId = Guid.NewGuid() } }, startDate = "2020-01-01",
        }));
        Assert.True(notRoma.TryGetProperty("reasons", out _));
        Assert.True(notRoma.TryGetProperty("areas[0].municipalityId", out _), "an unknown municipality is named by its index");
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT count(*) FROM premises.outposts"));
    }

    [Fact]
    public async Task An_annex_belongs_to_a_community_centre_not_to_another_kind_of_body() =>
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsJsonAsync($"/api/premises/centres/{SocialGrocery}/annexes", RomaAnnex())).StatusCode);

    [Fact]
    public async Task A_mobile_unit_must_serve_a_municipality_without_a_centre_and_visit_only_where_it_serves()
    {
        var onlyTrikala = await ErrorsAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/mobile-units",
            MobileUnit([Weekly(Trikala, null, "monday")], [Trikala])));
        Assert.Contains("R18", onlyTrikala.GetProperty("areas")[0].GetString(), StringComparison.Ordinal);

        var badSchedule = await ErrorsAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/mobile-units", MobileUnit(
        [
            Weekly(Farkadona, "Αχλαδοχώρι", "tuesday"),                                  // a settlement it does not serve
            new { municipalityId = Pyli, weekday = "wednesday", on = "2024-02-01", from = "09:00:00", to = "12:00:00" }, // both
            Weekly(Pyli, null, "thursday", from: "13:00:00", to: "10:00:00"),            // ends before it starts
            new { municipalityId = Pyli, on = "2023-12-01", from = "09:00:00", to = "12:00:00" },  // before the unit started
        ])));
        Assert.True(badSchedule.TryGetProperty("schedule[0]", out _), badSchedule.ToString());
        Assert.True(badSchedule.TryGetProperty("schedule[1].on", out _), badSchedule.ToString());
        Assert.True(badSchedule.TryGetProperty("schedule[2].to", out _), badSchedule.ToString());
        Assert.True(badSchedule.TryGetProperty("schedule[3]", out _), badSchedule.ToString());

        var created = await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/mobile-units", MobileUnit(
        [
            new { municipalityId = Pyli, on = "2024-03-05", from = "10:00:00", to = "12:00:00" },
            Weekly(Farkadona, "ΚΛΟΚΟΤΟΣ", "thursday"),   // the same settlement, written otherwise
            Weekly(Pyli, "Πύλη", "monday"),
        ]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var unit = await JsonAsync(created);
        // Weekly visits first, Monday first (the Greek week), then dated ones.
        Assert.Equal(["monday", "thursday", null], unit.GetProperty("schedule").EnumerateArray().Select(v => v.GetProperty("weekday").GetString()));
        Assert.Equal("Δήμος Φαρκαδόνας", unit.GetProperty("schedule")[1].GetProperty("municipalityName").GetString());

        var figures = await JsonAsync(await Client.GetAsync($"/api/centres/{Centre}"));
        var shown = figures.GetProperty("mobileUnits").EnumerateArray().Single();
        Assert.Equal(["Δήμος Πύλης", "Δήμος Φαρκαδόνας"], shown.GetProperty("municipalities").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_retried_create_returns_what_it_made_and_a_reused_command_id_is_409()
    {
        var commandId = Guid.NewGuid();
        var first = await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", RomaAnnex(commandId)));
        var again = await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", RomaAnnex(commandId));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await JsonAsync(again)).GetProperty("id").GetGuid());
        Assert.Equal(commandId, first.GetProperty("id").GetGuid());
        Assert.Equal(1, await Database.ScalarAsync<long>("SELECT count(*) FROM premises.outposts"));

        var reused = await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", RomaAnnex(commandId, name: "Άλλο παράρτημα"));
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
    }

    [Fact]
    public async Task Ending_an_annex_needs_the_version_read_and_makes_it_inactive_on_the_centre()
    {
        var annex = await JsonAsync(await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/annexes", RomaAnnex()));
        var id = annex.GetProperty("id").GetGuid();
        var version = annex.GetProperty("version").GetUInt32();
        object Ended(uint? expectedVersion) => new
        {
            expectedVersion, name = "Παράρτημα Ρομά (Κηπάκι)", formerRomaSupportCentre = true, reasons = new[] { "roma" },
            municipalityId = Trikala, areas = new[] { new { municipalityId = Trikala, settlement = "Κηπάκι" } },
            startDate = "2017-03-01", endDate = "2024-12-31",
        };

        Assert.True((await ErrorsAsync(await Client.PutAsJsonAsync($"/api/premises/annexes/{id}", Ended(null)))).TryGetProperty("expectedVersion", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PutAsJsonAsync($"/api/premises/annexes/{id}", Ended(version + 1))).StatusCode);

        var ended = await Client.PutAsJsonAsync($"/api/premises/annexes/{id}", Ended(version));
        Assert.True(ended.StatusCode == HttpStatusCode.OK, await ended.Content.ReadAsStringAsync());
        var view = await JsonAsync(ended);
        Assert.False(view.GetProperty("active").GetBoolean());
        Assert.NotEqual(version, view.GetProperty("version").GetUInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PutAsJsonAsync($"/api/premises/annexes/{id}", Ended(version))).StatusCode);

        var shown = (await JsonAsync(await Client.GetAsync($"/api/centres/{Centre}"))).GetProperty("annexes").EnumerateArray().Single();
        Assert.False(shown.GetProperty("active").GetBoolean());
        Assert.Equal("2024-12-31", shown.GetProperty("endDate").GetString());
        // An annex is not a mobile unit: the other resource does not answer for it.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/premises/mobile-units/{id}")).StatusCode);
        Assert.Equal(2, await Database.ScalarAsync<long>($"SELECT count(*) FROM premises.audit_log WHERE entity_id = '{id}'"));
    }

    [Fact]
    public async Task A_change_committed_but_never_told_to_the_centre_reaches_it_through_the_relay()
    {
        // As if the process died between the commit and telling the centre: the data and the staged change are there, nothing else.
        var before = await ComplianceAsync();
        Assert.False(before.GetProperty("compliant").GetBoolean());
        await Database.ScalarAsync<long>($"""
            WITH site AS (INSERT INTO premises.sites (id, centre_id, street, city, ownership, "distinct", near_social_service, near_other_structures)
                          VALUES (gen_random_uuid(), '{Centre}', 'Ασκληπιού 18', 'Τρίκαλα', 'MunicipalVacant', true, true, true) RETURNING id),
                 spaces AS (INSERT INTO premises.spaces (id, site_id, kind, name, accessible)
                            SELECT gen_random_uuid(), site.id, k, k, true FROM site,
                                   unnest(ARRAY['Reception','Waiting','Processing','PublicToilet','StaffToilet','EventsSpace']) k RETURNING 1),
                 staged AS (INSERT INTO premises.centre_changes (centre_id, created_at, attempts) VALUES ('{Centre}', now() - interval '1 minute', 0) RETURNING 1)
            SELECT (SELECT count(*) FROM spaces) + (SELECT count(*) FROM staged)
            """);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await ComplianceAsync()).GetProperty("compliant").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay did not tell the centre within 30 s");
            await Task.Delay(250);
        }

        // The relay tells the centre, then deletes the rows it told: the count may lag the figures by that one statement.
        while (await Database.ScalarAsync<long>("SELECT count(*) FROM premises.centre_changes") != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay did not delete the change it relayed within 30 s");
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> ComplianceAsync() =>
        (await JsonAsync(await Client.GetAsync($"/api/centres/{Centre}"))).GetProperty("compliance").EnumerateArray()
            .Single(c => c.GetProperty("area").GetString() == "premises");
}
