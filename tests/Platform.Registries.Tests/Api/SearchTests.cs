using System.Net;

namespace Platform.Registries.Tests.Api;

/// <summary>Search as Greek users expect: accents, case, final sigma and Greeklish do not matter; Greek order.</summary>
public sealed class SearchTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private HttpClient Client => platform.Client;
    private static Guid _papadopoulos;
    private static Guid _withAfm;

    public async Task InitializeAsync()
    {
        if (_papadopoulos != Guid.Empty && await platform.Database.ScalarAsync<long>("SELECT count(*) FROM registries.beneficiaries") > 0)
        {
            return;
        }

        _papadopoulos = await platform.RegisterAsync(PlatformFixture.Person("Παπαδόπουλος", "Γεώργιος", new DateOnly(1980, 2, 2)));
        foreach (var (surname, first) in new[] { ("Ζαφειρίου", "Άννα"), ("Άγγελου", "Ιωάννα"), ("Αβραμίδης", "Ηλίας"), ("Ωραιόπουλος", "Χρήστος"), ("Έξαρχος", "Θεόδωρος") })
        {
            var person = PlatformFixture.Person(surname, first);
            person["confirmNotDuplicate"] = true;
            await platform.RegisterAsync(person);
        }

        var other = PlatformFixture.Person("Ρήγα", "Δέσποινα");
        other["municipalityId"] = PlatformFixture.Farkadona;
        other["categories"] = new System.Text.Json.Nodes.JsonArray("roma");
        other["afm"] = "090000045";
        _withAfm = await platform.RegisterAsync(other);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("papadopoulos")]
    [InlineData("ΠΑΠΑΔΟΠΟΥΛΟΣ")]
    [InlineData("παπαδοπουλος")]
    [InlineData("Papadopoulos")]
    [InlineData("papadopoulos georgios")]
    [InlineData("γεώργιος παπαδόπουλος")]
    [InlineData("papadop")]
    [InlineData("papadopolos")] // a typo: found by similarity
    public async Task A_name_in_any_spelling_finds_the_person(string q)
    {
        var page = await (await Client.GetAsync($"/api/registries/beneficiaries/search?q={Uri.EscapeDataString(q)}")).ReadJsonAsync();
        Assert.Contains(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == _papadopoulos);
    }

    [Fact]
    public async Task A_different_name_is_not_found()
    {
        var page = await (await Client.GetAsync("/api/registries/beneficiaries/search?q=konstantinidis")).ReadJsonAsync();
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == _papadopoulos);
    }

    [Fact]
    public async Task Afm_is_an_exact_lookup()
    {
        var page = await (await Client.GetAsync("/api/registries/beneficiaries/search?q=090000045")).ReadJsonAsync();
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.Equal(_withAfm, page.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Filters_by_municipality_and_category()
    {
        var byMunicipality = await (await Client.GetAsync($"/api/registries/beneficiaries/search?municipalityId={PlatformFixture.Farkadona}")).ReadJsonAsync();
        Assert.All(byMunicipality.GetProperty("items").EnumerateArray(), i => Assert.Equal(PlatformFixture.Farkadona, i.GetProperty("municipalityId").GetGuid()));
        Assert.Equal(1, byMunicipality.GetProperty("total").GetInt64());

        var byCategory = await (await Client.GetAsync("/api/registries/beneficiaries/search?category=roma")).ReadJsonAsync();
        Assert.Equal(_withAfm, byCategory.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(1, byCategory.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Results_are_in_greek_alphabetical_order_and_paged()
    {
        var all = await (await Client.GetAsync($"/api/registries/beneficiaries/search?centreId={PlatformFixture.Centre}&pageSize=200")).ReadJsonAsync();
        var surnames = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("surname").GetString()!).ToList();
        var greek = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("el-GR"), ignoreCase: true);
        Assert.Equal(surnames.Order(greek).ToList(), surnames);
        // Accented capitals sort with their letter: Άγγελου and Αβραμίδης before Ζ; Ωραιόπουλος last.
        Assert.True(surnames.IndexOf("Άγγελου") < surnames.IndexOf("Ζαφειρίου"));
        Assert.Equal("Ωραιόπουλος", surnames[^1]);

        var page2 = await (await Client.GetAsync($"/api/registries/beneficiaries/search?centreId={PlatformFixture.Centre}&pageSize=2&page=2")).ReadJsonAsync();
        Assert.Equal(surnames.Skip(2).Take(2), page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("surname").GetString()!));
        Assert.Equal(surnames.Count, page2.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("q=x&page=2147483647", "page")]
    [InlineData("category=homeless,roma", "category")]
    [InlineData("category=3", "category")]
    public async Task Out_of_range_search_parameters_are_validation_errors(string query, string field)
    {
        var response = await Client.GetAsync($"/api/registries/beneficiaries/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_search_without_criteria_is_a_validation_error()
    {
        var response = await Client.GetAsync("/api/registries/beneficiaries/search");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task Duplicate_check_warns_before_registration()
    {
        var result = await (await Client.PostAsync("/api/registries/beneficiaries/duplicate-check",
            System.Net.Http.Json.JsonContent.Create(new { surname = "Papadopoulos", firstName = "Georgios", birthDate = "1980-07-07" }))).ReadJsonAsync();
        Assert.Contains(result.GetProperty("likely").EnumerateArray(), m => m.GetProperty("id").GetGuid() == _papadopoulos);
    }
}
