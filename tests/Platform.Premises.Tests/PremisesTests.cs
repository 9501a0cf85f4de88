using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Premises.Tests;

/// <summary>R15–R16 through the API, for the demo community centre.</summary>
public sealed class PremisesTests : PlatformHost
{
    private static readonly Guid Centre = new("0b5e7a10-0000-4000-8000-000000000101");
    private async Task<JsonElement> PremisesAsync() =>
        JsonDocument.Parse(await (await Client.GetAsync($"/api/premises/centres/{Centre}")).Content.ReadAsStringAsync()).RootElement;

    private static object Space(string kind, string name, bool accessible = true) => new { kind, name, accessible };

    [Fact]
    public async Task A_space_that_is_not_accessible_is_flagged_and_the_centre_is_not_compliant()
    {
        Assert.False((await PremisesAsync()).GetProperty("compliant").GetBoolean()); // no premises at all

        var response = await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/sites", new
        {
            street = "Ασκληπιού 18", postalCode = "42100", city = "Τρίκαλα", ownership = "municipalVacant",
            distinct = true, nearSocialService = true, nearOtherStructures = true,
            spaces = new[]
            {
                Space("reception", "Υποδοχή"), Space("waiting", "Αναμονή"), Space("processing", "Γραφείο 1"),
                Space("publicToilet", "WC κοινού"), Space("staffToilet", "WC προσωπικού", accessible: false),
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var staffToilet = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("spaces").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "staffToilet").GetProperty("id").GetGuid();

        var premises = await PremisesAsync();
        Assert.False(premises.GetProperty("compliant").GetBoolean());
        var breach = Assert.Single(premises.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "breach");
        Assert.Equal("R16", breach.GetProperty("rule").GetString());
        Assert.Equal(staffToilet, breach.GetProperty("spaceId").GetGuid());
        // No events space: advice, not a breach (R16 "where possible").
        Assert.Contains(premises.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "advice");
    }

    [Fact]
    public async Task Missing_mandatory_spaces_are_listed()
    {
        await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/sites", new
        {
            street = "Καρδίτσης 4", city = "Τρίκαλα", ownership = "rented", distinct = true, spaces = new[] { Space("reception", "Υποδοχή") },
        });
        var findings = (await PremisesAsync()).GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "breach").Select(f => f.GetProperty("message").GetString()).ToList();
        Assert.Equal(4, findings.Count(m => m!.StartsWith("Λείπει χώρος", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_site_without_address_or_ownership_is_refused_by_field()
    {
        var response = await Client.PostAsJsonAsync($"/api/premises/centres/{Centre}/sites", new { city = "Τρίκαλα", spaces = new[] { new { name = "" } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("street", out _));
        Assert.True(errors.TryGetProperty("ownership", out _));
        Assert.True(errors.TryGetProperty("spaces[0].name", out _));
    }
}
