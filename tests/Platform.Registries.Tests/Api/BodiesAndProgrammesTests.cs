using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Registries.Tests.Api;

/// <summary>R2–R5, R10, R25: the bodies and programmes registries and the programme's rules for them.</summary>
public sealed class BodiesAndProgrammesTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Client => platform.Client;

    private static JsonObject Body(string kind, string legalForm, int? capacity = null) => new()
    {
        ["name"] = "Δομή " + Guid.NewGuid().ToString("N")[..6],
        ["kind"] = kind,
        ["legalForm"] = legalForm,
        ["municipalityId"] = PlatformFixture.Trikala,
        ["capacity"] = capacity,
        ["accessible"] = true,
    };

    [Fact]
    public async Task The_demo_registry_has_a_body_of_every_kind_and_kea_first()
    {
        var kinds = Enum.GetNames<Domain.BodyKind>();
        var bodies = await (await Client.GetAsync("/api/registries/bodies?pageSize=200")).ReadJsonAsync();
        var seen = bodies.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("data").GetProperty("kind").GetString()!.ToUpperInvariant()).ToHashSet();
        Assert.All(kinds, k => Assert.Contains(k.ToUpperInvariant(), seen));

        var programmes = await (await Client.GetAsync("/api/registries/programmes")).ReadJsonAsync();
        Assert.True(programmes.GetProperty("items")[0].GetProperty("data").GetProperty("isSocialSolidarityIncome").GetBoolean());
    }

    [Fact]
    public async Task An_ngo_soup_kitchen_needs_a_cooperation_agreement()
    {
        var body = Body("soupKitchen", "nonGovernmentalOrganisation", 80);
        var refused = await Client.PostAsJsonAsync("/api/registries/bodies", body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ReadJsonAsync()).GetProperty("errors").TryGetProperty("agreementNumber", out _));

        body["agreementNumber"] = "ΣΣ-2/2026";
        body["agreementSignedOn"] = "2026-01-10";
        var created = await Client.PostAsJsonAsync("/api/registries/bodies", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.ReadJsonAsync();
        Assert.Equal("mealsPerDay", view.GetProperty("capacityUnit").GetString());
        Assert.True(view.GetProperty("needsCooperationAgreement").GetBoolean());
    }

    [Fact]
    public async Task A_disability_day_care_centre_is_run_only_by_a_licensed_non_profit_and_states_its_places()
    {
        var response = await Client.PostAsJsonAsync("/api/registries/bodies", Body("disabilityDayCareCentre", "municipality"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("legalForm", out _));
        Assert.True(errors.TryGetProperty("capacity", out _));
    }

    [Fact]
    public async Task Body_changes_are_optimistic_and_audited_with_the_fields_that_changed()
    {
        var created = await (await Client.PostAsJsonAsync("/api/registries/bodies", Body("nightShelter", "municipality", 12))).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var update = Body("nightShelter", "municipality", 16);
        update["name"] = created.GetProperty("data").GetProperty("name").GetString();
        update["expectedVersion"] = created.GetProperty("version").GetUInt32();

        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"/api/registries/bodies/{id}", update)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PutAsJsonAsync($"/api/registries/bodies/{id}", update)).StatusCode);

        var fields = await platform.Database.ScalarAsync<string>(
            $"SELECT array_to_string(fields, ',') FROM registries.audit_log WHERE entity_id = '{id}' AND action = 'update'");
        Assert.Equal("capacity", fields);
    }

    [Fact]
    public async Task A_retried_create_returns_the_same_body_and_a_reused_command_id_is_409()
    {
        var body = Body("socialGrocery", "municipality", 100);
        body["commandId"] = Guid.NewGuid();
        var first = await Client.PostAsJsonAsync("/api/registries/bodies", body);
        var again = await Client.PostAsJsonAsync("/api/registries/bodies", body);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("id").GetGuid(), (await again.ReadJsonAsync()).GetProperty("id").GetGuid());

        var other = Body("soupKitchen", "municipality", 50);
        other["commandId"] = body["commandId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostAsJsonAsync("/api/registries/bodies", other)).StatusCode);
    }

    [Fact]
    public async Task Only_one_programme_is_kea()
    {
        var response = await Client.PostAsJsonAsync("/api/registries/programmes", new
        {
            name = "Δεύτερο ΚΕΑ", level = "national", isOpen = true, isSocialSolidarityIncome = true,
        });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_programme_with_inverted_age_limits_is_refused()
    {
        var response = await Client.PostAsJsonAsync("/api/registries/programmes", new { name = "Πρόγραμμα", level = "local", minAge = 60, maxAge = 18 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("maxAge", out _));
    }

    [Fact]
    public async Task Bodies_filter_by_kind_in_the_json_spelling_and_refuse_an_unknown_kind()
    {
        var shelters = await (await Client.GetAsync("/api/registries/bodies?kind=nightShelter")).ReadJsonAsync();
        Assert.NotEmpty(shelters.GetProperty("items").EnumerateArray());
        Assert.All(shelters.GetProperty("items").EnumerateArray(), b => Assert.Equal("nightShelter", b.GetProperty("data").GetProperty("kind").GetString()));

        var unknown = await Client.GetAsync("/api/registries/bodies?kind=castle");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.ReadJsonAsync()).GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task A_malformed_id_in_the_query_names_the_parameter()
    {
        var response = await Client.GetAsync("/api/registries/bodies?municipalityId=not-a-guid");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("municipalityId", out _));
    }
}
