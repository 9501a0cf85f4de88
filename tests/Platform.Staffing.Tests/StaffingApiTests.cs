using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Staffing.Tests;

/// <summary>R12–R13 through the API, for the demo centre of Δήμος Τρικκαίων (population 80,800: a team of 3).</summary>
public sealed class StaffingApiTests : PlatformHost
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private async Task<JsonElement> StaffingAsync() =>
        JsonDocument.Parse(await (await Client.GetAsync($"/api/staffing/centres/{Centre}")).Content.ReadAsStringAsync()).RootElement;

    private Task<HttpResponseMessage> AddAsync(string reference, string specialty, bool head = false, string? end = null) =>
        Client.PostAsJsonAsync($"/api/staffing/centres/{Centre}/staff",
            new { reference, specialty, isHead = head, startDate = "2025-01-01", endDate = end });

    [Fact]
    public async Task A_centre_is_compliant_only_with_enough_people_and_a_social_worker_at_its_head()
    {
        var empty = await StaffingAsync();
        Assert.Equal(3, empty.GetProperty("requiredTeamSize").GetInt32());
        Assert.False(empty.GetProperty("compliant").GetBoolean());
        var rules = empty.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        Assert.Contains("R12", rules);
        Assert.Contains("R13", rules);

        Assert.Equal(HttpStatusCode.Created, (await AddAsync("ΚΛ-1", "psychologist", head: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("ΚΛ-2", "socialWorker")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("ΚΛ-3", "socialScientist")).StatusCode);
        var headedByPsychologist = await StaffingAsync();
        Assert.Equal(["R13"], headedByPsychologist.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()));

        Assert.Equal(HttpStatusCode.Created, (await AddAsync("ΚΛ-4", "socialWorker", head: true)).StatusCode);
        var compliant = await StaffingAsync();
        Assert.True(compliant.GetProperty("compliant").GetBoolean());
        Assert.Single(compliant.GetProperty("team").EnumerateArray(), m => m.GetProperty("isHead").GetBoolean());
    }

    [Fact]
    public async Task Bad_input_is_refused_by_field_and_an_unknown_centre_is_404()
    {
        var bad = await Client.PostAsJsonAsync($"/api/staffing/centres/{Centre}/staff", new { reference = "", startDate = "2025-02-01", endDate = "2025-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reference", out _));
        Assert.True(errors.TryGetProperty("specialty", out _));
        Assert.True(errors.TryGetProperty("endDate", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/staffing/centres/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData(39_999, 2)]
    [InlineData(40_000, 3)]
    [InlineData(100_000, 3)]
    [InlineData(100_001, 4)]
    public async Task A_new_centre_in_a_municipality_of_each_boundary_population_needs_the_R12_team(int population, int required)
    {
        // As a new user would meet it: a municipality of that size, its community centre, its staffing page.
        var municipality = Guid.NewGuid();
        await Database.ScalarAsync<long>($"""
            WITH m AS (INSERT INTO registries.municipalities (id, name, population, regional_unit, is_regional_unit_seat, has_social_service)
                       VALUES ('{municipality}', 'Δήμος {population}', {population}, 'Δοκιμών', true, true) RETURNING 1)
            SELECT count(*) FROM m
            """);
        var created = await Client.PostAsJsonAsync("/api/registries/bodies",
            new { name = $"Κέντρο Κοινότητας Δήμου {population}", kind = "communityCentre", legalForm = "municipality", municipalityId = municipality });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var centre = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        using var head = Factory.ClientAs("CentreHead", centre);
        var staffing = JsonDocument.Parse(await (await head.GetAsync($"/api/staffing/centres/{centre}")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(population, staffing.GetProperty("population").GetInt32());
        Assert.Equal(required, staffing.GetProperty("requiredTeamSize").GetInt32());
        Assert.Contains(staffing.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "R12");
    }
}
