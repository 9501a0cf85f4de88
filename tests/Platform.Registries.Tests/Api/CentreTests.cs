using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Registries.Tests.Api;

/// <summary>The centre grain: live figures that change as soon as a file is opened or changed, and compliance by area.</summary>
public sealed class CentreTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Client => platform.Client;

    private async Task<JsonElement> CentreAsync() => await (await Client.GetAsync($"/api/centres/{PlatformFixture.Centre}")).ReadJsonAsync();

    [Fact]
    public async Task Registering_and_changing_files_changes_the_figures_at_once()
    {
        var before = await CentreAsync();
        var open = before.GetProperty("openFiles").GetInt32();
        int Category(JsonElement figures, string name) =>
            figures.GetProperty("filesByCategory").TryGetProperty(name, out var n) ? n.GetInt32() : 0;
        var homelessBefore = Category(before, "Homeless");

        var id = await platform.RegisterAsync(PlatformFixture.Person("Κεφαλά", "Ρένα"));
        var afterRegistration = await CentreAsync();
        Assert.Equal(open + 1, afterRegistration.GetProperty("openFiles").GetInt32());

        var file = await (await Client.GetAsync($"/api/registries/beneficiaries/{id}")).ReadJsonAsync();
        var profile = JsonNode.Parse(file.GetProperty("profile").GetRawText())!.AsObject();
        profile["categories"] = new JsonArray("homeless");
        profile["expectedVersion"] = file.GetProperty("version").GetUInt32();
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"/api/registries/beneficiaries/{id}", profile)).StatusCode);

        var afterChange = await CentreAsync();
        Assert.Equal(open + 1, afterChange.GetProperty("openFiles").GetInt32());
        Assert.Equal(homelessBefore + 1, Category(afterChange, "Homeless"));
        Assert.Equal(Category(afterRegistration, "Poverty") - 1, Category(afterChange, "Poverty"));

        // The figures equal a count taken straight from the database.
        Assert.Equal(await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE centre_id = '{PlatformFixture.Centre}'"),
            afterChange.GetProperty("openFiles").GetInt32());
    }

    [Fact]
    public async Task Registrations_at_the_same_moment_are_all_counted()
    {
        // Each transaction adds to its own slot of the counts (issue 2): none is lost, none counted twice.
        var before = await CentreAsync();
        int Poverty(System.Text.Json.JsonElement figures) =>
            figures.GetProperty("filesByCategory").TryGetProperty("Poverty", out var n) ? n.GetInt32() : 0;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
        {
            var person = PlatformFixture.Person("Συγχρόνου" + new string('α', i % 3), "Ταυτόχρονη", new DateOnly(1950 + i, 3, 3));
            person["confirmNotDuplicate"] = true;
            return Client.PostAsJsonAsync("/api/registries/beneficiaries", person);
        }));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var after = await CentreAsync();
        Assert.Equal(before.GetProperty("openFiles").GetInt32() + 12, after.GetProperty("openFiles").GetInt32());
        Assert.Equal(Poverty(before) + 12, Poverty(after));
        Assert.Equal(await platform.Database.ScalarAsync<long>($"SELECT count(*) FROM registries.beneficiaries WHERE centre_id = '{PlatformFixture.Centre}'"),
            after.GetProperty("openFiles").GetInt32());
        Assert.Equal(await platform.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM registries.beneficiaries WHERE centre_id = '{PlatformFixture.Centre}' AND 'Poverty' = ANY (categories)"),
            Poverty(after));
    }

    [Fact]
    public async Task Compliance_by_area_follows_the_staffing_and_premises_changes()
    {
        var staffing = (await CentreAsync()).GetProperty("compliance").EnumerateArray().Single(c => c.GetProperty("area").GetString() == "staffing");
        var breaches = staffing.GetProperty("breaches").GetInt32();

        var added = await Client.PostAsJsonAsync($"/api/staffing/centres/{PlatformFixture.Centre}/staff",
            new { reference = "ΚΛ-" + Guid.NewGuid().ToString("N")[..6], specialty = "socialWorker", isHead = true, startDate = "2025-01-01" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var after = (await CentreAsync()).GetProperty("compliance").EnumerateArray().Single(c => c.GetProperty("area").GetString() == "staffing");
        Assert.True(after.GetProperty("breaches").GetInt32() < breaches, "a social-worker head clears the R13 breach");
        Assert.DoesNotContain("R13", after.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task An_unknown_centre_is_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/centres/{Guid.NewGuid()}")).StatusCode);
}
